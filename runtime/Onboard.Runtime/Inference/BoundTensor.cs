using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Onboard.Runtime.Inference;

/// <summary>
/// One tensor bound to a session: a fixed shape over a buffer allocated once on the pinned object heap
/// (so ORT reads and writes it in place and the GC never moves it), wrapped in an <see cref="OrtValue"/>.
/// Callers see float32 whatever the model's type: a float16 tensor keeps a float32 staging buffer that
/// <see cref="StageIn"/> converts into the bound half buffer and <see cref="StageOut"/> back, with
/// TensorPrimitives' vectorised conversions and no allocation. uint8 tensors (models with preprocessing
/// composed in) are exposed as bytes.
/// </summary>
public sealed class BoundTensor : IDisposable
{
    private readonly float[] _floats;
    private readonly Float16[]? _halves;
    private readonly byte[]? _bytes;

    public BoundTensor(string name, long[] shape, TensorElementType elementType)
    {
        Name = name;
        Shape = shape;
        ElementType = elementType;
        long count = 1;
        foreach (long d in shape)
        {
            count = checked(count * d);
        }
        Length = checked((int)count);
        switch (elementType)
        {
            case TensorElementType.Float:
                _floats = GC.AllocateArray<float>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(_floats, shape);
                break;
            case TensorElementType.Float16:
                _floats = GC.AllocateArray<float>(Length, pinned: true);
                _halves = GC.AllocateArray<Float16>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(_halves, shape);
                break;
            case TensorElementType.UInt8:
                _floats = [];
                _bytes = GC.AllocateArray<byte>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(_bytes, shape);
                break;
            default:
                throw new NotSupportedException($"tensor '{name}' is {elementType}; bound tensors are float32, float16 or uint8");
        }
    }

    public string Name { get; }
    public long[] Shape { get; }
    public TensorElementType ElementType { get; }
    public int Length { get; }
    public OrtValue Value { get; }

    /// <summary>The tensor as float32 (the staging copy for float16 tensors; empty for uint8).</summary>
    public Span<float> Floats => _floats;

    /// <summary>The bound bytes of a uint8 tensor.</summary>
    public Span<byte> Bytes => _bytes ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not uint8");

    /// <summary>Before a run: float32 staging → the bound float16 buffer (no-op for other types).</summary>
    public void StageIn()
    {
        if (_halves is not null)
        {
            TensorPrimitives.ConvertToHalf(_floats, MemoryMarshal.Cast<Float16, Half>(_halves.AsSpan()));
        }
    }

    /// <summary>After a run: the bound float16 buffer → float32 staging (no-op for other types).</summary>
    public void StageOut()
    {
        if (_halves is not null)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(_halves.AsSpan()), _floats);
        }
    }

    public void Dispose() => Value.Dispose();
}
