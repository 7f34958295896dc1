using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Microsoft.ML.OnnxRuntime;
using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;

namespace Onboard.Runtime.Inference;

/// <summary>
/// The device kernels with ORT's CUDA/TensorRT provider reading and writing device memory: every input (the session's
/// own and each slot's) and every output is bound through an <see cref="OrtIoBinding"/> to an <see cref="OrtValue"/>
/// over a device allocation (<c>OrtMemoryInfo("Cuda", DeviceAllocator, device, Default)</c>). Only the frame goes up
/// (pinned staging) and only the kept detections come down. The allocations ORT binds are in the primary context;
/// where ILGPU's context is that one (<see cref="DeviceContextMode.SharedPrimary"/>) they are ILGPU buffers, written
/// and read by the kernels in place; otherwise (<see cref="DeviceContextMode.PeerCopy"/>) they are the primary
/// context's own, and the tensor and head cross between the contexts with one <c>cuMemcpyPeerAsync</c> each.
/// <para>Streams: ILGPU's stream carries the frame upload, the preprocessing kernel, the peer copies, decode and NMS;
/// ORT queues the graph on its own stream. The two meet at two host waits, one each way:
/// <see cref="Preprocess"/> waits for ILGPU's stream before returning (the input is complete before any run reads
/// it, and the shared peer-copy tensor is free for the next frame); <see cref="Infer"/> waits for ORT's stream
/// (<c>SynchronizeBoundOutputs</c>) before returning, so the head is complete before ILGPU's stream reads it. ORT's
/// stream cannot be handed ILGPU's (<c>user_compute_stream</c>) in peer-copy mode: a stream belongs to its context.</para>
/// </summary>
internal sealed class CudaBoundTensorPath : IDeviceTensorPath
{
    private readonly DetectorSession _session;
    private readonly DeviceAccelerator _device;
    private readonly CudaAccelerator _cuda;
    private readonly bool _shared;
    private readonly int _deviceHandle;
    private readonly nint _primary;
    private readonly long _inputBytes;
    private readonly Lock _inputsLock = new();
    private readonly Dictionary<InputSlot, Input> _inputs = [];
    private readonly List<nint> _primaryAllocations = [];
    private readonly List<MemoryBuffer1D<byte, Stride1D.Dense>> _ilgpuAllocations = [];
    private readonly nint[] _outputs;
    private readonly ArrayView<byte>[] _outputViews;
    // Peer-copy mode: the tensor the kernel writes and the head the decode reads, in ILGPU's context.
    private readonly MemoryBuffer1D<byte, Stride1D.Dense>? _tensor;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense>? _head;
    private Input? _own;

    public CudaBoundTensorPath(DetectorSession session, DeviceAccelerator device, DeviceContextMode mode)
    {
        _session = session;
        _device = device;
        _cuda = (CudaAccelerator)device.Accelerator;
        _shared = mode == DeviceContextMode.SharedPrimary;
        CudaDriver.Check(CudaDriver.DeviceGet(out _deviceHandle, _cuda.DeviceId), "cuDeviceGet");
        CudaDriver.Check(CudaDriver.DevicePrimaryCtxRetain(out _primary, _deviceHandle), "cuDevicePrimaryCtxRetain");
        try
        {
            _inputBytes = DetectorSession.DeviceBytes(session.InputTensor);
            IReadOnlyList<BoundTensor> outputs = session.Outputs;
            _outputs = new nint[outputs.Count];
            _outputViews = new ArrayView<byte>[outputs.Count];
            long largest = 0;
            for (int i = 0; i < outputs.Count; i++)
            {
                long bytes = DetectorSession.DeviceBytes(outputs[i]);
                (_outputs[i], _outputViews[i]) = Allocate(bytes);
                largest = Math.Max(largest, bytes);
            }
            if (!_shared)
            {
                _tensor = _cuda.Allocate1D<byte>(_inputBytes);
                _head = _cuda.Allocate1D<byte>(largest);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public bool DeviceBound => true;

    public ImageTransform Preprocess(DeviceFramePreprocessor preprocessor, scoped in ImageView frame, InputSlot? slot, in PreprocessOptions options)
    {
        Input input = For(slot);
        BoundTensor like = _session.InputTensor;
        ArrayView<byte> target = _shared ? input.View : _tensor!.View;
        ImageTransform t = preprocessor.Enqueue(frame, target, like.Length, like.ElementType, options);
        if (!_shared)
        {
            DeviceContextPlan.CopyToPrimary(_device, _tensor!.NativePtr, input.Pointer, _primary, _inputBytes);
        }
        // ILGPU's stream → ORT's: the input is complete before a run can read it.
        _device.Stream.Synchronize();
        return t;
    }

    // ORT's stream → ILGPU's: RunDevice waits for the bound outputs.
    public void Infer(InputSlot? slot) => _session.RunDevice(For(slot).Binding);

    public int Postprocess(DeviceDetectionPostprocessor postprocessor, LayoutSpec spec, IReadOnlyList<BoundTensor> hostOutputs, int head,
        in ImageTransform transform, Span<Detection> results)
    {
        ArrayView<byte> view = _outputViews[head];
        if (!_shared)
        {
            long bytes = DetectorSession.DeviceBytes(_session.Outputs[head]);
            DeviceContextPlan.CopyFromPrimary(_device, _outputs[head], _primary, _head!.NativePtr, bytes);
            view = _head.View.SubView(0, bytes);
        }
        // Queued after the copy on ILGPU's stream; the result download waits for it.
        return postprocessor.Process(spec, view.Cast<float>(), transform, results);
    }

    /// <summary>The device input and binding of <paramref name="slot"/> (null: the session's own), made on its first frame.</summary>
    private Input For(InputSlot? slot)
    {
        lock (_inputsLock)
        {
            if (slot is null)
            {
                return _own ??= Bind();
            }
            if (!_inputs.TryGetValue(slot, out Input? input))
            {
                input = Bind();
                _inputs.Add(slot, input);
            }
            return input;
        }
    }

    private Input Bind()
    {
        (nint pointer, ArrayView<byte> view) = Allocate(_inputBytes);
        var values = new List<OrtValue>();
        OrtIoBinding binding = _session.BindDevice(_cuda.DeviceId, pointer, _outputs, values);
        return new Input(pointer, view, binding, values);
    }

    /// <summary><paramref name="bytes"/> ORT can bind: an ILGPU buffer when ILGPU is on the primary context, else the primary context's own.</summary>
    private (nint Pointer, ArrayView<byte> View) Allocate(long bytes)
    {
        if (_shared)
        {
            // The first frame of a slot binds it on the ingest thread, where ILGPU's context need not be current.
            using ScopedAcceleratorBinding binding = _cuda.BindScoped();
            MemoryBuffer1D<byte, Stride1D.Dense> buffer = _cuda.Allocate1D<byte>(Math.Max(1, bytes));
            _ilgpuAllocations.Add(buffer);
            return (buffer.NativePtr, buffer.View);
        }
        CudaDriver.Check(CudaDriver.CtxPushCurrent(_primary), "cuCtxPushCurrent");
        try
        {
            CudaDriver.Check(CudaDriver.MemAlloc(out nint pointer, (nuint)Math.Max(1, bytes)), "cuMemAlloc");
            _primaryAllocations.Add(pointer);
            return (pointer, default);
        }
        finally
        {
            CudaDriver.CtxPopCurrent(out _);
        }
    }

    public void Dispose()
    {
        _own?.Dispose();
        foreach (Input input in _inputs.Values)
        {
            input.Dispose();
        }
        _tensor?.Dispose();
        _head?.Dispose();
        foreach (var buffer in _ilgpuAllocations)
        {
            buffer.Dispose();
        }
        if (_primaryAllocations.Count > 0 && CudaDriver.CtxPushCurrent(_primary) == CudaDriver.Success)
        {
            foreach (nint pointer in _primaryAllocations)
            {
                CudaDriver.MemFree(pointer);
            }
            CudaDriver.CtxPopCurrent(out _);
        }
        if (_primary != 0)
        {
            CudaDriver.DevicePrimaryCtxRelease(_deviceHandle);
        }
    }

    /// <summary>One bound input: its device allocation (and ILGPU view of it, shared mode), its binding and the values it binds.</summary>
    private sealed class Input(nint pointer, ArrayView<byte> view, OrtIoBinding binding, List<OrtValue> values) : IDisposable
    {
        public nint Pointer { get; } = pointer;
        public ArrayView<byte> View { get; } = view;
        public OrtIoBinding Binding { get; } = binding;

        public void Dispose()
        {
            Binding.Dispose();
            foreach (OrtValue value in values)
            {
                value.Dispose();
            }
        }
    }
}
