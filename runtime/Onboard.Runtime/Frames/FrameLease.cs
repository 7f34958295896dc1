using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Frames;

/// <summary>
/// Access to one frame's pixels, in place, until <see cref="Release"/>. Sources reuse lease objects, so a
/// released lease must not be touched again. Producers never block on consumers: a shared-memory slot
/// may be overwritten while a consumer still reads it, which <see cref="IsIntact"/> detects afterwards.
/// </summary>
public abstract class FrameLease
{
    public FrameDescriptor Descriptor { get; protected set; }

    /// <summary>The frame's bytes (all planes), valid until <see cref="Release"/>.</summary>
    public abstract ReadOnlySpan<byte> Pixels { get; }

    /// <summary>True when the pixels were not overwritten since the lease was taken; check after using them.</summary>
    public abstract bool IsIntact { get; }

    /// <summary>A validated view of the pixels for the kernels.</summary>
    public ImageView View => new(Pixels, Descriptor.Width, Descriptor.Height, Descriptor.Format, Descriptor.Stride);

    public abstract void Release();
}
