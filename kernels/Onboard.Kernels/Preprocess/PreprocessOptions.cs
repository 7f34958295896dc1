namespace Onboard.Kernels.Preprocess;

/// <summary>What the model expects: input size, geometry, channel order and value scaling.</summary>
public readonly record struct PreprocessOptions(int Width, int Height)
{
    public GeometryMode Mode { get; init; } = GeometryMode.Letterbox;

    /// <summary>Fill value for letterbox borders, in 8-bit units (Ultralytics uses 114).</summary>
    public byte PadValue { get; init; } = 114;

    public ChannelOrder Order { get; init; } = ChannelOrder.Rgb;

    /// <summary>Multiplier applied to 8-bit values (1/255 maps to [0, 1]).</summary>
    public float Scale { get; init; } = 1f / 255f;
}
