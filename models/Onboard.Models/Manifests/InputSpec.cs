using System.Text.Json.Serialization;
using Onboard.Kernels.Preprocess;

namespace Onboard.Models.Manifests;

/// <summary>
/// The model input as the manifest declares it: what tensor the model takes and how a frame becomes it.
/// Strings stay strings here so that a bad value is reported by field name, not as a parser exception.
/// </summary>
public sealed record InputSpec
{
    public string Name { get; init; } = "";

    /// <summary>Concrete shape the session binds; it also fixes the model's dynamic dimensions.</summary>
    public long[] Shape { get; init; } = [];

    /// <summary><c>float32</c>, <c>float16</c> or <c>uint8</c> (a model with preprocessing composed in).</summary>
    public string Dtype { get; init; } = "float32";

    /// <summary><c>nchw</c> or <c>nhwc</c>.</summary>
    public string Layout { get; init; } = "nchw";

    /// <summary><c>rgb</c> or <c>bgr</c>: the channel order of the input tensor (for a uint8 raw-frame input, of the frames it takes).</summary>
    public string ColorOrder { get; init; } = "rgb";

    /// <summary><c>letterbox</c>, <c>stretch</c> or <c>centercrop</c> (alias <c>crop</c>, the CLI's older name).</summary>
    public string Geometry { get; init; } = "letterbox";

    public int PadValue { get; init; } = 114;

    public float Scale { get; init; } = 1f / 255f;

    /// <summary>Per-channel mean subtracted after scaling (in model channel order); empty = none.</summary>
    public float[] Mean { get; init; } = [];

    /// <summary>Per-channel divisor applied after the mean; empty = none.</summary>
    public float[] Std { get; init; } = [];

    [JsonIgnore]
    public int Height => Shape.Length == 4 ? (int)(IsNhwc ? Shape[1] : Shape[2]) : 0;

    [JsonIgnore]
    public int Width => Shape.Length == 4 ? (int)(IsNhwc ? Shape[2] : Shape[3]) : 0;

    private bool IsNhwc => PreprocessNames.TryParseLayout(Layout, out TensorLayout layout) && layout == TensorLayout.Nhwc;
}
