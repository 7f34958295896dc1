using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.RadixSortOperations;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;
using Onboard.Kernels.Postprocess;

namespace Onboard.Kernels.Device;

/// <summary>
/// <see cref="DecodeKernels"/>, <see cref="NmsKernels"/> and ILGPU.Algorithms' scan and pair radix sort, compiled
/// once for one accelerator; every <see cref="DeviceDetectionPostprocessor"/> on it (one per pipeline, each with its
/// own buffers and settings) shares them.
/// </summary>
public sealed class DevicePostprocessKernels
{
    public DevicePostprocessKernels(DeviceAccelerator device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
        Accelerator a = device.Accelerator;
        YoloV8 = a.LoadAutoGroupedKernel<Index1D, DecodeParameters, ArrayView<float>, ArrayView<float>, ArrayView<Detection>, ArrayView<int>, ArrayView<int>>(DecodeKernels.YoloV8);
        YoloV5 = a.LoadAutoGroupedKernel<Index1D, DecodeParameters, ArrayView<float>, ArrayView<float>, ArrayView<Detection>, ArrayView<int>, ArrayView<int>>(DecodeKernels.YoloV5);
        EndToEnd = a.LoadAutoGroupedKernel<Index1D, DecodeParameters, ArrayView<float>, ArrayView<float>, ArrayView<Detection>, ArrayView<int>, ArrayView<int>>(DecodeKernels.EndToEnd);
        Compact = a.LoadAutoGroupedKernel<Index1D, ArrayView<Detection>, ArrayView<int>, ArrayView<int>, ArrayView<Detection>, ArrayView<int>>(DecodeKernels.Compact);
        Keys = a.LoadAutoGroupedKernel<Index1D, ArrayView<Detection>, ArrayView<int>, ArrayView<uint>, ArrayView<int>>(NmsKernels.Keys);
        Gather = a.LoadAutoGroupedKernel<Index1D, NmsParameters, ArrayView<Detection>, ArrayView<int>, ArrayView<Detection>, ArrayView<int>>(NmsKernels.Gather);
        Mask = a.LoadKernel<NmsParameters, ArrayView<Detection>, ArrayView<int>, ArrayView<ulong>>(NmsKernels.Mask);
        Keep = a.LoadKernel<NmsParameters, ArrayView<Detection>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<Detection>, ArrayView<int>>(NmsKernels.Keep);
        Scan = a.CreateScan<int, Stride1D.Dense, Stride1D.Dense, AddInt32>(ScanKind.Inclusive);
        Sort = a.CreateRadixSortPairs<uint, Stride1D.Dense, int, Stride1D.Dense, DescendingUInt32>();
        // The largest power of two that divides the 64-box tile and fits a group here (16 on ILGPU's default CPU kind).
        int size = NmsKernels.BlockSize;
        while (size > a.MaxNumThreadsPerGroup)
        {
            size /= 2;
        }
        GroupSize = size;
    }

    public DeviceAccelerator Device { get; }

    /// <summary>Threads per group of the mask and keep kernels.</summary>
    public int GroupSize { get; }

    internal Action<AcceleratorStream, Index1D, DecodeParameters, ArrayView<float>, ArrayView<float>, ArrayView<Detection>, ArrayView<int>, ArrayView<int>> YoloV8 { get; }
    internal Action<AcceleratorStream, Index1D, DecodeParameters, ArrayView<float>, ArrayView<float>, ArrayView<Detection>, ArrayView<int>, ArrayView<int>> YoloV5 { get; }
    internal Action<AcceleratorStream, Index1D, DecodeParameters, ArrayView<float>, ArrayView<float>, ArrayView<Detection>, ArrayView<int>, ArrayView<int>> EndToEnd { get; }
    internal Action<AcceleratorStream, Index1D, ArrayView<Detection>, ArrayView<int>, ArrayView<int>, ArrayView<Detection>, ArrayView<int>> Compact { get; }
    internal Action<AcceleratorStream, Index1D, ArrayView<Detection>, ArrayView<int>, ArrayView<uint>, ArrayView<int>> Keys { get; }
    internal Action<AcceleratorStream, Index1D, NmsParameters, ArrayView<Detection>, ArrayView<int>, ArrayView<Detection>, ArrayView<int>> Gather { get; }
    internal Action<AcceleratorStream, KernelConfig, NmsParameters, ArrayView<Detection>, ArrayView<int>, ArrayView<ulong>> Mask { get; }
    internal Action<AcceleratorStream, KernelConfig, NmsParameters, ArrayView<Detection>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<Detection>, ArrayView<int>> Keep { get; }
    internal Scan<int, Stride1D.Dense, Stride1D.Dense> Scan { get; }
    internal RadixSortPairs<uint, Stride1D.Dense, int, Stride1D.Dense> Sort { get; }
}
