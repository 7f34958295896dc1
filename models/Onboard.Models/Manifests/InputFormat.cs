using System.Globalization;
using System.Numerics;
using Onboard.Kernels;
using Onboard.Kernels.Preprocess;

namespace Onboard.Models.Manifests;

/// <summary>
/// A manifest's <see cref="InputSpec"/> parsed once, when the model loads: enums instead of strings, so the
/// detector and the session never compare spellings. <see cref="InputSpec"/> keeps the strings for the JSON file and
/// for errors that name the field.
/// </summary>
public sealed record InputFormat(
    TensorElementType ElementType,
    TensorLayout Layout,
    ChannelOrder Order,
    GeometryMode Geometry,
    byte PadValue,
    float Scale,
    Vector3 Mean,
    Vector3 Std)
{
    /// <summary>
    /// Parses <paramref name="spec"/>; each value it cannot read is added to <paramref name="issues"/> by field and
    /// null returned.
    /// </summary>
    public static InputFormat? Parse(InputSpec spec, List<ManifestIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(issues);
        int before = issues.Count;
        if (!TensorDataType.TryParse(spec.Dtype, out TensorElementType type) || type is not (TensorElementType.Float32 or TensorElementType.Float16 or TensorElementType.UInt8))
        {
            issues.Add(new("input.dtype", $"unknown dtype '{spec.Dtype}'; expected float32, float16 or uint8"));
        }
        if (!PreprocessNames.TryParseLayout(spec.Layout, out TensorLayout layout))
        {
            issues.Add(new("input.layout", $"unknown layout '{spec.Layout}'; expected nchw or nhwc"));
        }
        if (!PreprocessNames.TryParseOrder(spec.ColorOrder, out ChannelOrder order))
        {
            issues.Add(new("input.color_order", $"unknown colour order '{spec.ColorOrder}'; expected rgb or bgr"));
        }
        if (!PreprocessNames.TryParseGeometry(spec.Geometry, out GeometryMode geometry))
        {
            issues.Add(new("input.geometry", $"unknown geometry mode '{spec.Geometry}'; expected {PreprocessNames.GeometryList}"));
        }
        if (spec.PadValue is < 0 or > 255)
        {
            issues.Add(new("input.pad_value", string.Create(CultureInfo.InvariantCulture, $"{spec.PadValue} is outside [0, 255]")));
        }
        if (!(spec.Scale > 0) || !float.IsFinite(spec.Scale))
        {
            issues.Add(new("input.scale", string.Create(CultureInfo.InvariantCulture, $"{spec.Scale} must be a positive finite number")));
        }
        if (spec.Mean.Length is not (0 or 3))
        {
            issues.Add(new("input.mean", string.Create(CultureInfo.InvariantCulture, $"has {spec.Mean.Length} values; expected none or 3")));
        }
        if (spec.Std.Length is not (0 or 3) || Array.Exists(spec.Std, s => !(s != 0) || !float.IsFinite(s)))
        {
            issues.Add(new("input.std", "expected none or 3 finite non-zero values"));
        }
        if (issues.Count != before)
        {
            return null;
        }
        return new InputFormat(type, layout, order, geometry, (byte)spec.PadValue, spec.Scale,
            spec.Mean.Length == 3 ? new Vector3(spec.Mean[0], spec.Mean[1], spec.Mean[2]) : Vector3.Zero,
            spec.Std.Length == 3 ? new Vector3(spec.Std[0], spec.Std[1], spec.Std[2]) : Vector3.One);
    }
}
