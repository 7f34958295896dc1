using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Onboard.Kernels.Device;

/// <summary>
/// Host ↔ device copies of one stream of data (a frame, a head, the kept detections) that allocate nothing per call.
/// ILGPU's own <c>CopyFromCPU</c>/<c>CopyToCPU</c> wrap the host span in a new <c>CPUMemoryBuffer</c> (an accelerator
/// object, 80 B measured on the CPU accelerator) on every call, page-locked or not, so they are not used per frame:
/// <list type="bullet">
/// <item>CUDA: the bytes go through a page-locked staging array (allocated once, grown to the largest length) with the
/// driver's <c>cuMemcpyAsync</c> on the accelerator's stream — the DMA engine reads page-locked memory directly, and the
/// copy is ordered before the kernels queued after it. A CUDA event recorded after each upload says when the staging
/// has been read and may be written again; a download waits for the stream (it is what the caller reads next).</item>
/// <item>ILGPU's CPU accelerator: its "device" memory is host memory and its launches return once the kernel has run
/// (<c>CPUStream.Synchronize</c> is empty), so the bytes are copied straight between the span and the buffer.</item>
/// </list>
/// One instance per direction of traffic, used by one thread at a time (the owner's stream lock).
/// </summary>
internal sealed class HostTransfer<T> : IDisposable
    where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private readonly CudaAccelerator? _cuda;
    private PageLockedArray1D<T>? _staging;
    private nint _stagingRead;

    public HostTransfer(DeviceAccelerator device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = device.Accelerator;
        _cuda = _accelerator as CudaAccelerator;
    }

    /// <summary>Queues the copy of <paramref name="source"/> into the start of <paramref name="target"/> on <paramref name="stream"/>.</summary>
    public void Upload(AcceleratorStream stream, ReadOnlySpan<T> source, ArrayView<T> target)
    {
        Check(source.Length, target);
        if (source.IsEmpty)
        {
            return;
        }
        if (_cuda is null)
        {
            source.CopyTo(HostView(target, source.Length));
            return;
        }
        using ScopedAcceleratorBinding binding = _cuda.BindScoped();
        PageLockedArray1D<T> staging = Staging(source.Length);
        // The previous upload from the staging must have been read before it is overwritten.
        CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.SynchronizeEvent(_stagingRead));
        source.CopyTo(staging.Span);
        CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.MemcpyAsync(target.LoadEffectiveAddressAsPtr(),
            staging.ArrayView.LoadEffectiveAddressAsPtr(), Bytes(source.Length), stream));
        CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.RecordEvent(_stagingRead, ((CudaStream)stream).StreamPtr));
    }

    /// <summary>Copies the start of <paramref name="source"/> into <paramref name="target"/> after everything queued on <paramref name="stream"/>; waits for it.</summary>
    public void Download(AcceleratorStream stream, ArrayView<T> source, Span<T> target)
    {
        Check(target.Length, source);
        if (target.IsEmpty)
        {
            return;
        }
        if (_cuda is null)
        {
            HostView(source, target.Length).CopyTo(target);
            return;
        }
        using ScopedAcceleratorBinding binding = _cuda.BindScoped();
        PageLockedArray1D<T> staging = Staging(target.Length);
        CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.MemcpyAsync(staging.ArrayView.LoadEffectiveAddressAsPtr(),
            source.LoadEffectiveAddressAsPtr(), Bytes(target.Length), stream));
        stream.Synchronize();
        staging.Span[..target.Length].CopyTo(target);
    }

    /// <summary>The page-locked staging, grown (once the old one is no longer read) to hold <paramref name="length"/> elements.</summary>
    private PageLockedArray1D<T> Staging(int length)
    {
        if (_staging is null || _staging.Length < length)
        {
            if (_staging is not null)
            {
                CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.SynchronizeEvent(_stagingRead));
                _staging.Dispose();
            }
            else
            {
                CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.CreateEvent(out _stagingRead, CudaEventFlags.CU_EVENT_DISABLE_TIMING));
                // An event never recorded counts as completed, so the first upload does not wait.
            }
            _staging = _accelerator.AllocatePageLocked1D<T>(length, uninitialized: true);
        }
        return _staging;
    }

    /// <summary>A CPU accelerator buffer's elements as a span: its memory is the process's own.</summary>
    private static Span<T> HostView(ArrayView<T> view, int length) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref view.LoadEffectiveAddress()), length);

    private static IntPtr Bytes(int length) => (IntPtr)((long)length * Unsafe.SizeOf<T>());

    private static void Check(int length, ArrayView<T> view)
    {
        if (length > view.Length)
        {
            throw new ArgumentException($"{length} elements do not fit the device view of {view.Length}", nameof(view));
        }
    }

    public void Dispose()
    {
        if (_cuda is not null && _stagingRead != 0)
        {
            using ScopedAcceleratorBinding binding = _cuda.BindScoped();
            CudaAPI.CurrentAPI.SynchronizeEvent(_stagingRead);
            CudaAPI.CurrentAPI.DestroyEvent(_stagingRead);
            _stagingRead = 0;
        }
        _staging?.Dispose();
    }
}
