using System.Diagnostics;
using ILGPU.Runtime;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Pipeline;

namespace Onboard.Bench.Device;

/// <summary>
/// <c>Onboard.Bench --device-check</c>, run by <c>scripts/gpu-check.sh</c> on a machine with an NVIDIA GPU: host vs
/// CUDA parity on full-size frames and heads, the device kernels behind the engine with ONNX Runtime's CUDA provider
/// and then TensorRT, the context mode chosen, and one table of timings. Returns non-zero on any mismatch or failure.
/// Not a BenchmarkDotNet suite: it checks, then times a few hundred runs of each, and must finish in minutes.
/// </summary>
internal static class DeviceCheck
{
    public const string Flag = "--device-check";

    private const int Runs = 200;

    public static int Run()
    {
        if (DeviceAccelerator.CudaProblem() is string problem)
        {
            Console.Error.WriteLine($"device-check: {problem}");
            return 1;
        }
        using DeviceAccelerator cuda = DeviceAccelerator.Open(DeviceKind.Cuda);
        Console.WriteLine($"device: {cuda}");
        Console.WriteLine($"context mode: {DeviceContextPlan.Name(DeviceContextPlan.Choose(cuda))}");
        var rows = new List<(string Name, (double Ms, long Bytes) Time, string Note)>();
        bool ok = true;
        ok &= Preprocessing(cuda, rows);
        ok &= Postprocessing(cuda, rows);
        ok &= PeerCopy(cuda, rows);
        foreach (string provider in new[] { ExecutionProviders.Cuda, ExecutionProviders.TensorRt })
        {
            ok &= EndToEnd(cuda, provider, rows);
        }
        Console.WriteLine();
        Console.WriteLine($"| {"measurement",-62} | {"ms (median)",11} | {"B/frame",7} | note");
        Console.WriteLine($"|{new string('-', 64)}|{new string('-', 13)}|{new string('-', 9)}|------");
        foreach ((string name, (double ms, long bytes), string note) in rows)
        {
            Console.WriteLine($"| {name,-62} | {ms,11:0.000} | {bytes,7} | {note}");
        }
        Console.WriteLine(ok ? "device-check: ok" : "device-check: FAILED (see above)");
        return ok ? 0 : 1;
    }

    /// <summary>1080p NV12 → 640² letterbox, f32 and u8: bit-identical to the host kernel; kernel time with and without the upload.</summary>
    private static bool Preprocessing(DeviceAccelerator cuda, List<(string, (double, long), string)> rows)
    {
        bool ok = true;
        var rng = new Random(1);
        var frame = new byte[1920 * 1080 * 3 / 2];
        rng.NextBytes(frame);
        var view = new ImageView(frame, 1920, 1080, PixelFormat.Nv12);
        var options = new PreprocessOptions(640, 640);
        using var host = new FramePreprocessor(1);
        using var device = new DeviceFramePreprocessor(cuda);
        var expected = new float[3 * 640 * 640];
        var actual = new float[expected.Length];
        host.Run(view, expected, options);
        device.Run(view, actual, options);
        ok &= Report("preprocess nv12 1080p → 640² f32", expected.AsSpan().SequenceEqual(actual));
        var expected8 = new byte[expected.Length];
        var actual8 = new byte[expected.Length];
        host.Run(view, expected8, options);
        device.Run(view, actual8, options);
        ok &= Report("preprocess nv12 1080p → 640² u8", expected8.AsSpan().SequenceEqual(actual8));

        using var tensor = cuda.Accelerator.Allocate1D<byte>(expected.Length * 4);
        ok &= DeviceRow(rows, "device preprocess nv12 1080p → 640² f32 (upload + kernel)", Median(() =>
        {
            device.Enqueue(new ImageView(frame, 1920, 1080, PixelFormat.Nv12), tensor.View, expected.Length, Kernels.TensorElementType.Float32, options);
            cuda.Stream.Synchronize();
        }), "bar: < 0.2 ms for the kernel");
        rows.Add(("host preprocess nv12 1080p → 640² f32 (1 thread, peer)", Median(() => host.Run(new ImageView(frame, 1920, 1080, PixelFormat.Nv12), expected, options)), "same run"));
        return ok;
    }

    /// <summary>A YOLOv8 head of 8400 anchors × 80 classes: the device's kept detections equal the host's (cap 4096).</summary>
    private static bool Postprocessing(DeviceAccelerator cuda, List<(string, (double, long), string)> rows)
    {
        const int classes = 80, anchors = 8400;
        var rng = new Random(2);
        var head = new float[(4 + classes) * anchors];
        for (int i = 0; i < head.Length; i++)
        {
            head[i] = i < 4 * anchors ? (float)(rng.NextDouble() * 600 + 5) : (float)Math.Pow(rng.NextDouble(), 8);
        }
        var spec = new LayoutSpec(OutputLayout.YoloV8, classes, anchors, 4 + classes, [0]);
        var settings = new PostprocessSettings();
        var t = new ImageTransform(1, 1, 0, 0, 640, 640, 640, 640);
        var host = new DetectionPostprocessor(settings with { MaxCandidates = DeviceDetectionPostprocessor.DefaultCandidateCap }, 640, 640, anchors);
        using var device = new DeviceDetectionPostprocessor(new DevicePostprocessKernels(cuda), settings);
        var expected = new Detection[300];
        var actual = new Detection[300];
        int n = host.Process(spec, head, t, expected);
        int m = device.Process(spec, head, t, actual);
        bool ok = Report($"decode + nms yolov8 8400×80 ({n} kept)", expected.AsSpan(0, n).SequenceEqual(actual.AsSpan(0, m)));
        using var onDevice = cuda.Accelerator.Allocate1D<float>(head.Length);
        onDevice.View.BaseView.CopyFromCPU(cuda.Stream, head);
        ok &= DeviceRow(rows, "device decode + nms 8400×80 (head on device)", Median(() => device.Process(spec, onDevice.View, t, actual)), "bar: < 0.3 ms");
        rows.Add(("host decode + nms 8400×80 (peer)", Median(() => host.Process(spec, head, t, expected)), "same run"));
        return ok;
    }

    /// <summary>The synthetic sign detector on <paramref name="provider"/>: device-kernel engine vs host-kernel engine, same detections; per-frame time.</summary>
    private static bool EndToEnd(DeviceAccelerator cuda, string provider, List<(string, (double, long), string)> rows)
    {
        string path = Path.Combine(Path.GetTempPath(), $"onboard-gpu-check-signs.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(SyntheticSignDetector.Build(640)));
        var options = new InferenceOptions { ExecutionProviders = [provider] };
        try
        {
            using var host = new DetectorEngine(DetectorSession.Open(path, options));
            using var device = new DetectorEngine(DetectorSession.Open(path, options), device: DeviceAccelerator.Open(DeviceKind.Cuda));
            EngineInput hi = host.CreateInput();
            EngineInput di = device.CreateInput();
            Scene scene = new SceneGenerator(new SceneOptions { Seed = 3 }).Generate(0);
            var frame = new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24);
            var expected = new Detection[300];
            var actual = new Detection[300];
            ImageTransform th = host.Preprocess(frame, hi);
            host.Infer(hi);
            int n = host.Postprocess(hi, th, expected);
            ImageTransform td = device.Preprocess(frame, di);
            device.Infer(di);
            int m = device.Postprocess(di, td, actual);
            bool ok = Report($"engine on {provider}: device kernels = host kernels ({n} detections, context {DeviceContextPlan.Name(device.Info.DeviceContext)})",
                expected.AsSpan(0, n).SequenceEqual(actual.AsSpan(0, m)));
            // On CUDA the input and outputs must be bound on the device: no tensor crosses the bus.
            string bound = device.DeviceBound ? "input + output device-bound" : "input + output host-bound";
            ok &= Report($"engine on {provider}: {bound}", device.DeviceBound);
            ok &= DeviceRow(rows, $"end to end 1280×720 bgr → signs 640² on {provider}, device kernels", Median(() =>
            {
                ImageTransform x = device.Preprocess(new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24), di);
                device.Infer(di);
                device.Postprocess(di, x, actual);
            }), bound);
            rows.Add(($"end to end on {provider}, host kernels (peer)", Median(() =>
            {
                ImageTransform x = host.Preprocess(new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24), hi);
                host.Infer(hi);
                host.Postprocess(hi, x, expected);
            }), "same run"));
            return ok;
        }
        catch (Exception e) when (e is ExecutionProviderUnavailableException or InvalidOperationException or NotSupportedException)
        {
            return Report($"engine on {provider}: {e.Message}", false);
        }
    }

    /// <summary>
    /// The peer-copy fallback, where it is the mode chosen: a preprocessed tensor copied from ILGPU's context into a
    /// primary-context buffer (as ORT would bind it) and back, bit-identical to the host kernel's; the copy timed.
    /// </summary>
    private static bool PeerCopy(DeviceAccelerator cuda, List<(string, (double, long), string)> rows)
    {
        if (DeviceContextPlan.Choose(cuda) != DeviceContextMode.PeerCopy)
        {
            Console.WriteLine("SKIP peer copy: ILGPU is on the primary context (shared-primary), nothing to copy");
            return true;
        }
        var accelerator = (ILGPU.Runtime.Cuda.CudaAccelerator)cuda.Accelerator;
        var rng = new Random(4);
        var frame = new byte[1920 * 1080 * 3 / 2];
        rng.NextBytes(frame);
        var options = new PreprocessOptions(640, 640);
        var expected = new float[3 * 640 * 640];
        using (var host = new FramePreprocessor(1))
        {
            host.Run(new ImageView(frame, 1920, 1080, PixelFormat.Nv12), expected, options);
        }
        long bytes = expected.Length * 4L;
        CudaDriver.Check(CudaDriver.DeviceGet(out int handle, accelerator.DeviceId), "cuDeviceGet");
        CudaDriver.Check(CudaDriver.DevicePrimaryCtxRetain(out nint primary, handle), "cuDevicePrimaryCtxRetain");
        nint inPrimary = 0;
        try
        {
            CudaDriver.Check(CudaDriver.CtxPushCurrent(primary), "cuCtxPushCurrent");
            try
            {
                CudaDriver.Check(CudaDriver.MemAlloc(out inPrimary, (nuint)bytes), "cuMemAlloc");
            }
            finally
            {
                CudaDriver.CtxPopCurrent(out _);
            }
            using var pre = new DeviceFramePreprocessor(cuda);
            using var tensor = accelerator.Allocate1D<byte>(bytes);
            using var back = accelerator.Allocate1D<float>(expected.Length);
            pre.Enqueue(new ImageView(frame, 1920, 1080, PixelFormat.Nv12), tensor.View, expected.Length, Kernels.TensorElementType.Float32, options);
            DeviceContextPlan.CopyToPrimary(cuda, tensor.NativePtr, inPrimary, primary, bytes);
            var stream = (ILGPU.Runtime.Cuda.CudaStream)cuda.Stream;
            CudaDriver.Check(CudaDriver.MemcpyPeerAsync(back.NativePtr, accelerator.NativePtr, inPrimary, primary, (nuint)bytes, stream.StreamPtr), "cuMemcpyPeerAsync");
            var actual = new float[expected.Length];
            back.View.BaseView.CopyToCPU(cuda.Stream, actual);
            bool ok = Report("peer copy ILGPU context → primary context → back: tensor bit-identical", expected.AsSpan().SequenceEqual(actual));
            rows.Add(("peer copy of the 640² f32 tensor into the primary context", Median(() =>
            {
                DeviceContextPlan.CopyToPrimary(cuda, tensor.NativePtr, inPrimary, primary, bytes);
                cuda.Stream.Synchronize();
            }), "the fallback's cost per frame"));
            return ok;
        }
        finally
        {
            if (inPrimary != 0 && CudaDriver.CtxPushCurrent(primary) == CudaDriver.Success)
            {
                CudaDriver.MemFree(inPrimary);
                CudaDriver.CtxPopCurrent(out _);
            }
            CudaDriver.DevicePrimaryCtxRelease(handle);
        }
    }

    /// <summary>A row of the device path, whose frames must allocate nothing managed (the CUDA launchers and copies do not).</summary>
    private static bool DeviceRow(List<(string, (double, long), string)> rows, string name, (double Ms, long Bytes) measured, string note)
    {
        rows.Add((name, measured, note));
        return Report($"{name}: {measured.Bytes} B managed per frame (0 expected)", measured.Bytes == 0);
    }

    private static bool Report(string what, bool passed)
    {
        Console.WriteLine($"{(passed ? "PASS" : "FAIL")} {what}");
        return passed;
    }

    /// <summary>The median of <see cref="Runs"/> timed runs after a warm-up, and the managed bytes one run allocates on this thread.</summary>
    private static (double Ms, long Bytes) Median(Action run)
    {
        for (int i = 0; i < 10; i++)
        {
            run();
        }
        var ms = new double[Runs];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(ms);
        return (ms[Runs / 2], allocated / Runs);
    }
}
