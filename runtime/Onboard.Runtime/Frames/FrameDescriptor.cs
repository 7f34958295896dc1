using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Frames;

/// <summary>
/// What a producer announces about one frame: where its pixels are (slot), which frame it is (session and
/// sequence), their layout, and when it was captured (monotonic and UTC, ns).
/// </summary>
public readonly record struct FrameDescriptor(
    ulong SessionId,
    ulong Sequence,
    int Slot,
    PixelFormat Format,
    int Width,
    int Height,
    int Stride,
    long CaptureMonoNs,
    long CaptureUtcNs);
