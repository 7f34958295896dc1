using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Onboard.Runtime.Frames;
using Onboard.Hil.Sources;

namespace Onboard.Hil.Recording;

/// <summary>
/// Wraps a camera's source so the recorder sees every frame the pipeline takes: on the ingest thread, one copy of
/// the pixels into a pooled buffer and a queue push — nothing else (no encoding, no I/O, no allocation once the
/// pool exists). When the recorder is behind and the pool is empty the image is not recorded and counted in
/// <see cref="ImagesDropped"/>; the pipeline never waits for the recorder. The lease goes on to the pipeline unchanged.
/// </summary>
internal sealed class FrameTap(string cameraId, IFrameSource inner, ConcurrentQueue<RecordedFrame> ready, ConcurrentBag<RecordedFrame> free)
    : IFrameSource
{
    private long _dropped;

    public string CameraId { get; } = cameraId;

    public IFrameSource Inner { get; } = inner;

    public string Name => Inner.Name;

    public FrameSourceStats Stats => Inner.Stats;

    public long ImagesDropped => Interlocked.Read(ref _dropped);

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease)
    {
        if (!Inner.TryAcquire(timeout, out lease))
        {
            return false;
        }
        if (!free.TryTake(out RecordedFrame? frame))
        {
            Interlocked.Increment(ref _dropped);
            return true;
        }
        ReadOnlySpan<byte> pixels = lease.Pixels;
        if (frame.Buffer.Length < pixels.Length)
        {
            // Once per pooled buffer (or when the source's frame size grows).
            frame.Buffer = new byte[pixels.Length];
        }
        pixels.CopyTo(frame.Buffer);
        frame.Length = pixels.Length;
        frame.CameraId = CameraId;
        frame.Descriptor = lease.Descriptor;
        frame.Truth = Inner is IGroundTruthSource { HasTruth: true } truth ? truth : null;
        ready.Enqueue(frame);
        return true;
    }

    public void Dispose() => Inner.Dispose();
}
