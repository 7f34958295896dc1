using System.Globalization;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Models.Compute;
using Onboard.Runtime.Config;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Telemetry;

namespace Onboard.Bench.Pipeline;

/// <summary>
/// One camera at 30 fps, 1280×720 BGR24, end to end. Baseline: every stage serially on one thread (the
/// foundation's demo loop). Pipelined: frames written into a shared-memory ring, taken in place by the
/// camera pipeline (ingest+preprocess, infer+NMS and publish threads), published to ZeroMQ. One operation
/// is one frame (the wall time per op is the 33 ms pacing); what matters is the per-stage p50/p99 table
/// printed at cleanup and the allocation figures (the pipeline's own per-stage counters exclude ORT).
/// The model is a parameter: set ONBOARD_BENCH_MODEL to an ONNX file (YOLOv8 head) to bench it instead.
/// <see cref="Shadow"/> gives the pipelined camera a shadow model (the serial baseline never has one): what a
/// shadow costs the primary's stages — <c>same</c> is a second session of the primary model, <c>compute</c> the
/// YOLOv8n-sized network at the primary's input size, slower than the frame period on one thread.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmark
{
    private const int Frames = 30;
    private const double Fps = 30;

    private readonly MonotonicClock _clock = MonotonicClock.System;
    // Indexed as CameraMetrics.Stages; the serial loop does not track, so its Track recorder stays empty.
    private readonly LatencyRecorder[] _serial = [new(), new(), new(), new(), new(), new()];
    private readonly LatencyRecorder _serialEndToEnd = new();
    private string _workDir = "";
    private Scene[] _scenes = [];
    private IDetectionEngine _engine = null!;
    private EngineInput _input = null!;
    private FrameResult _result = null!;
    private ZmqContext _context = null!;
    private ZmqSocket _pub = null!;
    private DetectionPublisher _publisher = null!;
    private FrameRingProducer _producer = null!;
    private PipelineHost _host = null!;
    private CameraPipeline _camera = null!;
    private string _ring = "";

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    [Params("none", "same", "compute")]
    public string Shadow { get; set; } = "none";

    public static IEnumerable<string> Models() =>
        Environment.GetEnvironmentVariable("ONBOARD_BENCH_MODEL") is { Length: > 0 } path ? [path] : [ConfigReader.BuiltinSyntheticSigns];

    [GlobalSetup]
    public void Setup()
    {
        _workDir = Directory.CreateTempSubdirectory("onboard-bench-").FullName;
        ModelConfig model = Model == ConfigReader.BuiltinSyntheticSigns
            ? new ModelConfig { Name = "m", Builtin = Model, Id = Model }
            : new ModelConfig { Name = "m", Path = Model, Id = Path.GetFileNameWithoutExtension(Model) };
        _scenes = CameraFeed.Scenes(seed: 1, Frames);

        _engine = EngineLoader.Open(model, _workDir);
        _input = _engine.CreateInput();
        _result = new FrameResult(_engine.Info.MaxDetections) { CameraId = "serial" };
        _context = new ZmqContext();
        _pub = _context.CreateSocket(ZmqSocketType.Pub);
        _pub.Linger = TimeSpan.Zero;
        _pub.Bind("inproc://bench-serial");
        _publisher = new DetectionPublisher(_pub, _engine.Info);

        _ring = $"bench-{Environment.ProcessId}";
        _producer = FrameRingProducer.Start(FrameRingOptions.ForCamera(_ring, 1280 * 720 * 3), _clock);
        _host = new PipelineHost(new PublisherOptions { Endpoint = "inproc://bench-pipeline" }, _clock, new TextPipelineEvents(Console.Out));
        _camera = _host.AddCamera(new CameraPipelineOptions { CameraId = "front" },
            () => new ShmFrameSource(ShmFrameSourceOptions.ForCamera(_ring), _clock), OpenPipelined(model));
        _host.Start();
        while (_producer.Consumers == 0)
        {
            Thread.Sleep(5);
        }
    }

    private IDetectionEngine OpenPipelined(ModelConfig model)
    {
        ModelConfig? shadow = Shadow switch
        {
            "none" => null,
            "same" => model with { Name = "shadow", Id = model.Id + "-shadow" },
            _ => new ModelConfig { Name = "shadow", Path = WriteCompute(_engine.Info.Input.Width), Id = "compute" },
        };
        return shadow is null
            ? EngineLoader.Open(model, _workDir)
            : EngineLoader.Open(model, shadow, preemptShadow: false, "front", _host.Publisher.Signal, _workDir);
    }

    /// <summary>The YOLOv8n-sized network at the primary's (square) input size.</summary>
    private string WriteCompute(int size)
    {
        string path = Path.Combine(_workDir, "compute-shadow.onnx");
        File.WriteAllBytes(path, YoloV8ComputeModel.Build(size).ToByteArray());
        return path;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public void Serial30Fps()
    {
        long start = _clock.NowNs;
        for (int k = 0; k < Frames; k++)
        {
            long capture = CameraFeed.WaitForFrame(_clock, start, k, Fps);
            Scene s = _scenes[k];
            _result.Reset();
            _result.CaptureMonoNs = capture;
            _result.ImageWidth = s.Width;
            _result.ImageHeight = s.Height;
            long t0 = _clock.NowNs;
            var transform = _engine.Preprocess(new ImageView(s.Pixels, s.Width, s.Height, PixelFormat.Bgr24), _input);
            long t1 = _clock.NowNs;
            _engine.Infer(_input);
            long t2 = _clock.NowNs;
            _result.DetectionCount = _engine.Postprocess(_input, transform, _result.Detections);
            long t3 = _clock.NowNs;
            _publisher.Publish(_result, t3);
            long t4 = _clock.NowNs;
            _serial[0].Record(t0 - capture);
            _serial[1].Record(t1 - t0);
            _serial[2].Record(t2 - t1);
            _serial[3].Record(t3 - t2);
            _serial[5].Record(t4 - t3);
            _serialEndToEnd.Record(t4 - capture);
        }
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public void Pipelined30Fps()
    {
        CameraMetrics m = _camera.Metrics;
        long target = m.FramesIn + Frames;
        long start = _clock.NowNs;
        for (int k = 0; k < Frames; k++)
        {
            long capture = CameraFeed.WaitForFrame(_clock, start, k, Fps);
            Scene s = _scenes[k];
            _producer.Publish(s.Pixels, PixelFormat.Bgr24, s.Width, s.Height, s.Stride, capture, _clock.UtcNowNs);
        }
        while (m.FramesIn < target || m.InFlight > 0)
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>The pipelined camera's counters and latency recorders (the report's pipeline table reads them).</summary>
    internal CameraMetrics PipelinedMetrics => _camera.Metrics;

    /// <summary>Managed bytes the pipelined camera's threads allocated in steady state (ingest, infer outside ORT, publish).</summary>
    internal long PipelinedAllocatedBytes => _camera.IngestAllocatedBytes + _camera.InferAllocatedBytes + _host.Publisher.AllocatedBytes;

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Stop(TimeSpan.FromSeconds(10));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"// per-stage latency at {Fps} fps, model {Model}");
        Console.WriteLine("// stage          serial p50/p99 ms    pipelined p50/p99 ms");
        for (int i = 0; i < CameraMetrics.Stages.Count; i++)
        {
            LatencyRecorder p = _camera.Metrics.Stage(CameraMetrics.Stages[i]);
            Console.WriteLine(string.Create(inv, $"// {CameraMetrics.Stages[i],-12} {_serial[i].PercentileMs(50),8:0.000} {_serial[i].PercentileMs(99),8:0.000}    {p.PercentileMs(50),8:0.000} {p.PercentileMs(99),8:0.000}"));
        }
        LatencyRecorder e2e = _camera.Metrics.EndToEnd;
        Console.WriteLine(string.Create(inv, $"// end-to-end   {_serialEndToEnd.PercentileMs(50),8:0.000} {_serialEndToEnd.PercentileMs(99),8:0.000}    {e2e.PercentileMs(50),8:0.000} {e2e.PercentileMs(99),8:0.000}"));
        CameraMetrics m = _camera.Metrics;
        Console.WriteLine(string.Create(inv,
            $"// pipelined: {m.FramesIn} in, {m.FramesPublished} published, {m.TotalDrops} dropped, {m.DeadlineMisses} late; steady-state bytes allocated: ingest {_camera.IngestAllocatedBytes}, infer (outside ORT) {_camera.InferAllocatedBytes}, publish {_host.Publisher.AllocatedBytes}"));
        if (_camera.Engine.Info.Shadow is not null)
        {
            EngineStats shadow = _camera.Engine.Stats;
            Console.WriteLine(string.Create(inv,
                $"// shadow {Shadow}: offered {shadow.ShadowOffered}, completed {shadow.ShadowCompleted}, skipped {shadow.ShadowSkipped}, published {shadow.ShadowPublished}, dropped {shadow.ShadowDropped}"));
        }
        _host.Dispose();
        _producer.Dispose();
        _engine.Dispose();
        _pub.Dispose();
        _context.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

}
