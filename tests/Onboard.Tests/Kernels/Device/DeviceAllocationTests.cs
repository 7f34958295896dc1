using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.RadixSortOperations;
using ILGPU.Runtime;
using Onboard.Kernels;
using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Preprocess;
using Xunit.Abstractions;

namespace Onboard.Tests.Kernels.Device;

/// <summary>
/// Managed bytes per frame of the device path on ILGPU's CPU accelerator. The copies (<see cref="HostTransfer{T}"/>)
/// allocate nothing, where ILGPU's own <c>CopyFromCPU</c>/<c>CopyToCPU</c> allocate a buffer object per call. What is
/// left per frame is ILGPU's: its CPU accelerator's generated launcher allocates a task object per kernel launch
/// (<c>CPUAccelerator.GenerateKernelLauncherMethod</c>: <c>newobj</c> of the kernel's task type), a launcher the CUDA
/// path never runs (its launcher passes the arguments as a struct on the stack). So these tests show that the copies
/// add nothing to the launches: the same bytes with or without them; gpu-check's bytes column measures the CUDA path.
/// </summary>
// Alone: ILGPU's CPU accelerator runs one OS thread per simulated thread and spins at its barriers, so beside the
// parallel suite a launch takes minutes instead of milliseconds, and what its launcher allocates meanwhile varies.
[Collection(AloneCollection.Name)]
public sealed class DeviceAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void HostTransfer_UploadAndDownloadOnTheCpuAccelerator_AllocateNothing()
    {
        (long ours, long ilgpu) = Accelerators.Use(DeviceKind.CpuDefault, k =>
        {
            AcceleratorStream stream = k.Device.Stream;
            using var buffer = k.Device.Accelerator.Allocate1D<Detection>(64);
            var host = new Detection[64];
            using var transfer = new HostTransfer<Detection>(k.Device);
            long bytes = Allocations.InSteadyState(() =>
            {
                transfer.Upload(stream, host, buffer.View);
                transfer.Download(stream, buffer.View, host.AsSpan(0, 10));
            });
            return (bytes, Allocations.InSteadyState(() => buffer.View.CopyFromCPU(stream, host)));
        });
        output.WriteLine($"HostTransfer up + down: {ours} B per 20; ILGPU's CopyFromCPU: {ilgpu} B per 20");
        Assert.Equal(0, ours);
    }

    [Fact]
    public void Preprocess_CpuAccelerator_CopiesAddNothingToTheLaunch()
    {
        (int w, int h) = TestFrames.Fit(PixelFormat.Nv12, 32, 24);
        byte[] data = TestFrames.Random(PixelFormat.Nv12, w, h, 4, 3, out int stride);
        var options = new PreprocessOptions(16, 16);
        var tensor = new float[3 * 16 * 16];
        (long roundTrip, long enqueue, long ilgpuCopy) = Accelerators.Use(DeviceKind.CpuDefault, k =>
        {
            using var device = k.Device.Accelerator.Allocate1D<byte>(tensor.Length * sizeof(float));
            // Host tensor: tensor up, frame up, kernel, tensor down. Device tensor: frame up, kernel.
            (long roundTrip, long enqueue) = Allocations.InSteadyState(
                () => k.Preprocessor.Run(new ImageView(data, w, h, PixelFormat.Nv12, stride), tensor, options),
                () => k.Preprocessor.Enqueue(new ImageView(data, w, h, PixelFormat.Nv12, stride), device.View, tensor.Length, TensorElementType.Float32, options),
                warmup: 5, calls: 5);
            ArrayView<byte> start = device.View.SubView(0, 256);
            return (roundTrip, enqueue, Allocations.InSteadyState(() => start.CopyFromCPU(k.Device.Stream, data.AsSpan(0, 256)), warmup: 5, calls: 5));
        });
        output.WriteLine($"per 5 frames: with the tensor's round trip {roundTrip} B, into a device tensor {enqueue} B (ILGPU's CPU launch task); ILGPU's copy helper: {ilgpuCopy} B per 5 copies");
        Assert.Equal(enqueue, roundTrip);
    }

    [Fact]
    public void Postprocess_CpuAccelerator_HeadUploadAndResultDownloadAddNothing()
    {
        const int classes = 3, anchors = 100;
        var random = new Random(1);
        var head = new float[(4 + classes) * anchors];
        for (int i = 0; i < head.Length; i++)
        {
            head[i] = i < 4 * anchors ? (float)(random.NextDouble() * 100) : (float)random.NextDouble();
        }
        var spec = new LayoutSpec(OutputLayout.YoloV8, classes, anchors, 4 + classes, [0]);
        var identity = new ImageTransform(1, 1, 0, 0, 640, 640, 640, 640);
        var results = new Detection[300];
        (long fromHost, long onDevice, long sortAlone) = Accelerators.Use(DeviceKind.CpuDefault, k =>
        {
            using var post = new DeviceDetectionPostprocessor(k.Postprocess, new PostprocessSettings(), 256);
            using var deviceHead = k.Device.Accelerator.Allocate1D<float>(head.Length);
            deviceHead.View.CopyFromCPU(k.Device.Stream, head);
            (long fromHost, long onDevice) = Allocations.InSteadyState(
                () => post.Process(spec, head, identity, results), () => post.Process(spec, deviceHead.View, identity, results), warmup: 5, calls: 5);
            using var keys = k.Device.Accelerator.Allocate1D<uint>(anchors);
            using var order = k.Device.Accelerator.Allocate1D<int>(anchors);
            using var temp = k.Device.Accelerator.Allocate1D<int>(k.Device.Accelerator.ComputeRadixSortPairsTempStorageSize<uint, int, DescendingUInt32>(anchors));
            return (fromHost, onDevice, Allocations.InSteadyState(() => k.Postprocess.Sort(k.Device.Stream, keys.View, order.View, temp.View), warmup: 5, calls: 5));
        });
        output.WriteLine($"per 5 frames: head from the host {fromHost} B, head on the device {onDevice} B, of which ILGPU.Algorithms' radix sort alone (its CPU launches) {sortAlone} B");
        Assert.True(results[0].Score > 0, "the case should keep detections");
        Assert.Equal(onDevice, fromHost);
    }
}
