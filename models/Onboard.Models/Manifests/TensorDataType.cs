using Onboard.Kernels;

namespace Onboard.Models.Manifests;

/// <summary>
/// The ONNX <c>TensorProto.DataType</c> codes of the element types the project handles, and the manifest's names for
/// them: a serialisation of <see cref="TensorElementType"/>, which is the vocabulary everything else speaks.
/// </summary>
public static class TensorDataType
{
    public const int Float32 = 1;
    public const int UInt8 = 2;
    public const int Int32 = 6;
    public const int Int64 = 7;
    public const int Float16 = 10;

    /// <summary>The manifest's spelling (<c>float32</c>/<c>float</c>, <c>float16</c>/<c>half</c>, <c>uint8</c>, <c>int32</c>, <c>int64</c>).</summary>
    public static bool TryParse(string? name, out TensorElementType type)
    {
        bool known = TryParse(name, out int onnxType);
        type = ToElementType(onnxType);
        return known;
    }

    public static bool TryParse(string? name, out int onnxType)
    {
        onnxType = name switch
        {
            "float32" or "float" => Float32,
            "float16" or "half" => Float16,
            "uint8" => UInt8,
            "int32" => Int32,
            "int64" => Int64,
            _ => 0,
        };
        return onnxType != 0;
    }

    public static string Name(int onnxType) => onnxType switch
    {
        Float32 => "float32",
        Float16 => "float16",
        UInt8 => "uint8",
        Int32 => "int32",
        Int64 => "int64",
        _ => "onnx type " + onnxType.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The element type of an ONNX code; <see cref="TensorElementType.Other"/> for any other.</summary>
    public static TensorElementType ToElementType(int onnxType) => onnxType switch
    {
        Float32 => TensorElementType.Float32,
        Float16 => TensorElementType.Float16,
        UInt8 => TensorElementType.UInt8,
        Int32 => TensorElementType.Int32,
        Int64 => TensorElementType.Int64,
        _ => TensorElementType.Other,
    };

    /// <summary>The manifest's name of <paramref name="type"/> (<c>float32</c> …).</summary>
    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        _ => "other",
    };
}
