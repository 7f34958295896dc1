using Microsoft.ML.OnnxRuntime;

namespace Onboard.Runtime.Inference;

/// <summary>Device binding: the input and outputs in CUDA memory, for the <c>"kernels": "device"</c> path on CUDA.</summary>
public sealed partial class DetectorSession
{
    /// <summary>
    /// A binding of the input to the device allocation at <paramref name="input"/> and of output i to
    /// <paramref name="outputs"/>[i], all memory of CUDA device <paramref name="deviceId"/> in the context ORT's CUDA
    /// provider works in (the primary one), shaped like the host-bound tensors. The caller owns the allocations; the
    /// values go into <paramref name="values"/>, for the caller to dispose with the binding.
    /// </summary>
    internal OrtIoBinding BindDevice(int deviceId, nint input, ReadOnlySpan<nint> outputs, List<OrtValue> values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(outputs.Length, _outputs.Length);
        using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default);
        OrtIoBinding binding = _session.CreateIoBinding();
        try
        {
            binding.BindInput(_input.Name, DeviceValue(memory, _input, input, values));
            for (int i = 0; i < outputs.Length; i++)
            {
                binding.BindOutput(_outputs[i].Name, DeviceValue(memory, _outputs[i], outputs[i], values));
            }
            return binding;
        }
        catch
        {
            binding.Dispose();
            throw;
        }
    }

    /// <summary>Bytes of <paramref name="tensor"/> as bound (float16 as two bytes an element).</summary>
    internal static long DeviceBytes(BoundTensor tensor) => (long)tensor.Length * tensor.ElementType switch
    {
        Kernels.TensorElementType.Float16 => 2,
        Kernels.TensorElementType.UInt8 => 1,
        Kernels.TensorElementType.Int64 => 8,
        _ => 4,
    };

    /// <summary>
    /// Runs on a <see cref="BindDevice"/> binding. ORT's CUDA provider queues the graph on its own stream; waiting for
    /// the bound outputs before returning is what lets the caller's stream read them next.
    /// </summary>
    internal void RunDevice(OrtIoBinding binding)
    {
        long t0 = _runs == 0 ? _time.GetTimestamp() : 0;
        _session.RunWithBinding(_runOptions, binding);
        binding.SynchronizeBoundOutputs();
        if (_runs == 0)
        {
            FirstFrameTime = _time.GetElapsedTime(t0);
        }
        _runs++;
    }

    private static OrtValue DeviceValue(OrtMemoryInfo memory, BoundTensor like, nint data, List<OrtValue> values)
    {
        var type = like.Value.GetTensorTypeAndShape().ElementDataType;
        OrtValue value = OrtValue.CreateTensorValueWithData(memory, type, like.Shape, data, DeviceBytes(like));
        values.Add(value);
        return value;
    }
}
