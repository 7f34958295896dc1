using System.Globalization;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Models.Compute;
using Onboard.Models.Graph;
using Onboard.Runtime.Config;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Telemetry;

namespace Onboard.Bench.Pipeline;

/// <summary>
/// Two cameras at 30 fps (1280×720 BGR24, captured at the same instants, as hardware-triggered cameras are),
/// each through its own shared-memory ring and camera pipeline, on the YOLOv8n-sized compute network with a
/// dynamic batch axis. Baseline: a session per camera (one ORT thread each, so the two runs share the two
/// cores). Batched: one session at batch 2 for both cameras (<see cref="CameraBatcher"/>), with
/// <see cref="BatchedThreads"/> ORT threads. One operation is one frame pair (wall time per op is the 33 ms
/// pacing); the figures are printed at cleanup: per-camera per-stage p50/p99, inference per frame pair, process
/// CPU time per frame pair, batch counts, and the pipelines' own steady-state allocation counters.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BatchedPipelineBenchmark
{
    private const int Pairs = 30;
    private const double Fps = 30;

    private readonly MonotonicClock _clock = MonotonicClock.System;
    private string _workDir = "";
    private Scene[][] _scenes = [];
    private Rig _rig = null!;

    /// <summary>Square model input; 320 keeps one run inside a frame period on two cores.</summary>
    [Params(320)]
    public int Size { get; set; }

    /// <summary>ORT intra-op threads of the batched session (the separate sessions have one each).</summary>
    [Params(1, 2)]
    public int BatchedThreads { get; set; }

    [GlobalSetup(Target = nameof(SeparateSessions30Fps))]
    public void SetupSeparate() => _rig = new Rig("separate", Prepare() with { Inference = new() { IntraOpThreads = 1 } }, _workDir, _clock);

    [GlobalSetup(Target = nameof(BatchedSession30Fps))]
    public void SetupBatched() =>
        _rig = new Rig("batched", Prepare() with { Inference = new() { IntraOpThreads = BatchedThreads }, Batch = new BatchConfig(2, TimeSpan.FromMilliseconds(10)) }, _workDir, _clock);

    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs)]
    public void SeparateSessions30Fps() => _rig.Run(_scenes, _clock);

    [Benchmark(OperationsPerInvoke = Pairs)]
    public void BatchedSession30Fps() => _rig.Run(_scenes, _clock);

    [GlobalCleanup]
    public void Cleanup()
    {
        var inv = CultureInfo.InvariantCulture;
        CameraPipeline[] cameras = [.. _rig.Host.Cameras];
        Console.WriteLine($"// {_rig.Name}: two cameras at {Fps} fps, YOLOv8n-sized compute model at {Size}², " +
            (_rig.Engines.Batchers.Count > 0 ? $"one session at batch 2, {BatchedThreads} ORT thread(s)" : "a session per camera, 1 ORT thread each"));
        Console.WriteLine("// stage          camera A p50/p99     camera B p50/p99  (ms)");
        for (int i = 0; i <= CameraMetrics.Stages.Count; i++)
        {
            var line = new System.Text.StringBuilder(string.Create(inv, $"// {(i < CameraMetrics.Stages.Count ? CameraMetrics.Stages[i].ToString() : "end-to-end"),-12}"));
            foreach (CameraPipeline camera in cameras)
            {
                LatencyRecorder r = i < CameraMetrics.Stages.Count ? camera.Metrics.Stage(CameraMetrics.Stages[i]) : camera.Metrics.EndToEnd;
                line.Append(inv, $"  {r.PercentileMs(50),8:0.000} {r.PercentileMs(99),8:0.000}");
            }
            Console.WriteLine(line.ToString());
        }
        double a = cameras[0].Metrics.Stage(Stage.Infer).PercentileMs(50);
        double b = cameras[1].Metrics.Stage(Stage.Infer).PercentileMs(50);
        Console.WriteLine(_rig.Engines.Batchers.TryGetValue("compute", out CameraBatcher? batcher)
            ? string.Create(inv, $"// inference per frame pair (p50): {a:0.000} ms, one run; batches: {batcher.Batches} runs, {batcher.FullBatches} full, {batcher.PartialBatches} partial, {batcher.TimedOutBatches} timed out; batching path allocated {batcher.AllocatedBytes} B after warm-up")
            : string.Create(inv, $"// inference per frame pair (p50): {a + b:0.000} ms of runs ({a:0.000} + {b:0.000}, concurrent, one core each)"));
        Console.WriteLine(string.Create(inv, $"// process CPU per frame pair: {_rig.CpuMsPerPair:0.00} ms"));
        foreach (CameraPipeline c in cameras)
        {
            CameraMetrics m = c.Metrics;
            Console.WriteLine(string.Create(inv,
                $"// camera {c.CameraId}: {m.FramesIn} in, {m.FramesPublished} published, {m.TotalDrops} dropped, {m.DeadlineMisses} late; steady-state bytes: ingest {c.IngestAllocatedBytes}, infer (outside ORT) {c.InferAllocatedBytes}, publish {_rig.Host.Publisher.AllocatedBytes}"));
        }
        _rig.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

    /// <summary>The model (dynamic batch axis) and the scenes both configurations run.</summary>
    private ModelConfig Prepare()
    {
        _workDir = Directory.CreateTempSubdirectory("onboard-bench-").FullName;
        string path = Path.Combine(_workDir, "compute-batch.onnx");
        File.WriteAllBytes(path, YoloV8ComputeModel.Build(Size, batch: BatchAxis.Dynamic).ToByteArray());
        _scenes = [CameraFeed.Scenes(seed: 1, Pairs), CameraFeed.Scenes(seed: 2, Pairs)];
        return new ModelConfig { Name = "compute", Path = path, Id = "yolov8n-compute" };
    }

    /// <summary>One configuration: two rings, two camera pipelines, one publisher, their engines.</summary>
    private sealed class Rig : IDisposable
    {
        private readonly FrameRingProducer[] _producers = new FrameRingProducer[2];
        private TimeSpan _cpu;
        private long _pairs;

        public Rig(string name, ModelConfig model, string workDir, MonotonicClock clock)
        {
            Name = name;
            Engines = new RunEngines(workDir, clock);
            Host = new PipelineHost(new PublisherOptions { Endpoint = $"inproc://bench-{name}" }, clock, new TextPipelineEvents(Console.Out));
            for (int c = 0; c < 2; c++)
            {
                string id = c == 0 ? "A" : "B";
                string ring = $"bench-{name}-{id}-{Environment.ProcessId}";
                _producers[c] = FrameRingProducer.Start(FrameRingOptions.ForCamera(ring, 1280 * 720 * 3), clock);
                var engine = Engines.Open(model, id);
                Host.AddCamera(new CameraPipelineOptions { CameraId = id },
                    () => new ShmFrameSource(ShmFrameSourceOptions.ForCamera(ring), clock), engine);
            }
            Host.Start();
            foreach (FrameRingProducer p in _producers)
            {
                while (p.Consumers == 0)
                {
                    Thread.Sleep(5);
                }
            }
        }

        public string Name { get; }
        public RunEngines Engines { get; }
        public PipelineHost Host { get; }
        public double CpuMsPerPair => _cpu.TotalMilliseconds / Math.Max(1, _pairs);

        /// <summary>Publishes <see cref="Pairs"/> frame pairs at 30 fps and waits until both cameras have finished them.</summary>
        public void Run(Scene[][] scenes, MonotonicClock clock)
        {
            TimeSpan cpu0 = Environment.CpuUsage.TotalTime;
            long[] targets = [Host.Cameras[0].Metrics.FramesIn + Pairs, Host.Cameras[1].Metrics.FramesIn + Pairs];
            long start = clock.NowNs;
            for (int k = 0; k < Pairs; k++)
            {
                long capture = CameraFeed.WaitForFrame(clock, start, k, Fps);
                for (int c = 0; c < 2; c++)
                {
                    Scene s = scenes[c][k];
                    _producers[c].Publish(s.Pixels, PixelFormat.Bgr24, s.Width, s.Height, s.Stride, capture, clock.UtcNowNs);
                }
            }
            for (int c = 0; c < 2; c++)
            {
                CameraMetrics m = Host.Cameras[c].Metrics;
                while (m.FramesIn < targets[c] || m.InFlight > 0)
                {
                    Thread.Sleep(1);
                }
            }
            _cpu += Environment.CpuUsage.TotalTime - cpu0;
            _pairs += Pairs;
        }

        public void Dispose()
        {
            Host.Stop(TimeSpan.FromSeconds(10));
            Host.Dispose();
            Engines.Dispose();
            foreach (FrameRingProducer p in _producers)
            {
                p.Dispose();
            }
        }
    }
}
