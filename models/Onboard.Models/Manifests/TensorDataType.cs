namespace Onboard.Models.Manifests;

/// <summary>Element types a manifest names, with the ONNX <c>TensorProto.DataType</c> codes.</summary>
public static class TensorDataType
{
    public const int Float32 = 1;
    public const int UInt8 = 2;
    public const int Int64 = 7;
    public const int Float16 = 10;

    public static bool TryParse(string? name, out int onnxType)
    {
        onnxType = name switch
        {
            "float32" or "float" => Float32,
            "float16" or "half" => Float16,
            "uint8" => UInt8,
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
        Int64 => "int64",
        _ => "onnx type " + onnxType.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
