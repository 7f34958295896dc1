using Onboard.Runtime.Frames;

namespace Onboard.Hil.Sources;

/// <summary>A lease on a pre-rendered scene's pixels: nothing can overwrite them, so it is always intact.</summary>
internal sealed class SimulatedFrameLease : FrameLease
{
    private byte[] _pixels = [];

    public override ReadOnlySpan<byte> Pixels => _pixels;

    public override bool IsIntact => true;

    public bool InUse { get; private set; }

    public void Assign(byte[] pixels, FrameDescriptor descriptor)
    {
        _pixels = pixels;
        Descriptor = descriptor;
        InUse = true;
    }

    public override void Release() => InUse = false;
}
