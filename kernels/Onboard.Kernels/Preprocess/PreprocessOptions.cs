using System.Numerics;
using Onboard.Kernels.Imaging;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// What the model expects: input size, geometry, channel order and value scaling. Each output value is
/// <c>(v · Scale − Mean[c]) / Std[c]</c>, where <c>v</c> is the 8-bit pixel OpenCV would produce
/// (cvtColor → resize → copyMakeBorder) and <c>c</c> the tensor channel (in <see cref="Order"/>).
/// </summary>
public readonly record struct PreprocessOptions(int Width, int Height)
{
    public GeometryMode Mode { get; init; } = GeometryMode.Letterbox;

    /// <summary>Fill value for letterbox borders, in 8-bit units (Ultralytics uses 114).</summary>
    public byte PadValue { get; init; } = 114;

    public ChannelOrder Order { get; init; } = ChannelOrder.Rgb;

    /// <summary>Multiplier applied to 8-bit values (1/255 maps to [0, 1]).</summary>
    public float Scale { get; init; } = 1f / 255f;

    /// <summary>Subtracted after scaling, per tensor channel (first = first channel of <see cref="Order"/>).</summary>
    public Vector3 Mean { get; init; } = Vector3.Zero;

    /// <summary>Divisor after the mean, per tensor channel.</summary>
    public Vector3 Std { get; init; } = Vector3.One;

    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    public Interpolation Interpolation { get; init; } = Interpolation.Linear;

    /// <summary>
    /// Optional region of the source to use instead of the whole frame (an arbitrary ROI crop, applied before
    /// the geometry mode). Boxes mapped back through the returned transform land in full-frame pixels.
    /// </summary>
    public PixelRect? SourceRegion { get; init; }
}
