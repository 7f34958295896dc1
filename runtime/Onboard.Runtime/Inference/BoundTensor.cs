using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Onboard.Kernels;
using Float16 = Microsoft.ML.OnnxRuntime.Float16;

namespace Onboard.Runtime.Inference;

/// <summary>
/// One tensor bound to a session: a fixed shape over a buffer allocated once on the pinned object heap
/// (so ORT reads and writes it in place and the GC never moves it), wrapped in an <see cref="OrtValue"/>.
/// Callers see float32 whatever the model's type: a float16 tensor keeps a float32 staging buffer that
/// <see cref="StageIn"/> converts into the bound half buffer and <see cref="StageOut"/> back, with
/// TensorPrimitives' vectorised conversions and no allocation. uint8 tensors (models with preprocessing
/// composed in) are exposed as bytes; int32/int64 tensors (counts, classes and indices of models with NMS
/// in the graph) as integers.
/// </summary>
internal sealed class BoundTensor : IDisposable
{
    private readonly float[] _floats;
    private readonly Float16[]? _halves;
    private readonly byte[]? _bytes;
    private readonly int[]? _int32s;
    private readonly long[]? _int64s;
    // Set by a writer of the float16 buffer itself (the ingest thread), read by StageIn (the infer thread); the
    // frame context's hand-off between them orders the two.
    private bool _halvesWritten;

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
            case TensorElementType.Float32:
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
            case TensorElementType.Int32:
                _floats = [];
                _int32s = GC.AllocateArray<int>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(_int32s, shape);
                break;
            case TensorElementType.Int64:
                _floats = [];
                _int64s = GC.AllocateArray<long>(Length, pinned: true);
                Value = OrtValue.CreateTensorValueFromMemory(_int64s, shape);
                break;
            default:
                throw new NotSupportedException($"tensor '{name}' is {elementType}; bound tensors are float32, float16, uint8, int32 or int64");
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

    /// <summary>The bound values of an int32 tensor.</summary>
    public Span<int> Int32s => _int32s ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not int32");

    /// <summary>The bound values of an int64 tensor.</summary>
    public Span<long> Int64s => _int64s ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not int64");

    /// <summary>The tensor as the postprocessing kernels describe outputs.</summary>
    /// <summary>The tensor as decoders see it: float16 is read through its float32 staging.</summary>
    public Kernels.Postprocess.OutputTensorInfo Info => new(Name, Shape, ElementType == TensorElementType.Float16 ? TensorElementType.Float32 : ElementType);

    /// <summary>
    /// The bound float16 buffer itself, for a writer that produces float16 (the preprocessing kernel): the next
    /// <see cref="StageIn"/> keeps what was written instead of converting the float32 staging over it.
    /// </summary>
    public Span<Half> WriteHalves()
    {
        if (_halves is null)
        {
            throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not float16");
        }
        _halvesWritten = true;
        return MemoryMarshal.Cast<Float16, Half>(_halves.AsSpan());
    }

    /// <summary>Before a run: float32 staging → the bound float16 buffer, unless it was written directly (no-op for other types).</summary>
    public void StageIn()
    {
        if (_halvesWritten)
        {
            _halvesWritten = false;
            return;
        }
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
