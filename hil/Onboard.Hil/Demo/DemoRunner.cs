using System.Globalization;
using Onboard.Hil.Cameras;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Config;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Telemetry;

namespace Onboard.Hil.Demo;

/// <summary>
/// The whole deployed path on an embedded default: a simulated camera writes frames into a shared-memory
/// ring → the real camera pipeline (ingest + preprocess in place from the ring, ONNX Runtime inference of
/// the generated synthetic sign detector, decode + NMS, on their own threads) → ZeroMQ PUB with
/// detections and health → a subscriber with its own context that decodes, prints and scores each frame.
/// Ends with per-stage latency, every frame's fate, and accuracy.
/// </summary>
public sealed class DemoRunner(DemoOptions options, TextWriter output, MonotonicClock clock)
{
    private static int s_runs;

    public DemoReport Run()
    {
        var inv = CultureInfo.InvariantCulture;
        string workDir = Directory.CreateTempSubdirectory("onboard-demo-").FullName;
        string ringName = $"demo-{Environment.ProcessId}-{Interlocked.Increment(ref s_runs)}";
        try
        {
            var model = new ModelConfig { Name = "signs", Builtin = ConfigReader.BuiltinSyntheticSigns, Id = "synthetic-signs", Version = "0.1.0" };
            IDetectionEngine engine = EngineLoader.Open(model, workDir);
            EngineInfo info = engine.Info;
            output.WriteLine(string.Create(inv, $"model     synthetic sign detector, input {info.Input.Width}x{info.Input.Height}, {info.ClassNames.Count} classes, {info.Providers.Chosen}"));

            long frames = (long)Math.Round(options.Seconds * options.FramesPerSecond);
            var camera = new SimulatedCamera(new SceneGenerator(new SceneOptions { Seed = options.Seed }), options.FramesPerScene);
            camera.Prepare(frames);
            var ring = FrameRingOptions.ForCamera(ringName, (long)camera.Width * camera.Height * 3) with { SlotCount = options.RingSlots };
            using var producer = FrameRingProducer.Start(ring, clock);
            output.WriteLine(string.Create(inv,
                $"camera    '{options.CameraId}' simulated {camera.Width}x{camera.Height} BGR24 at {options.FramesPerSecond} fps for {options.Seconds} s ({frames} frames) → shared-memory ring {producer.RingPath} ({options.RingSlots} slots)"));

            var publish = new PublisherOptions { Endpoint = options.Endpoint, HealthInterval = TimeSpan.FromMilliseconds(250), Linger = TimeSpan.FromSeconds(1) };
            using var host = new PipelineHost(publish, clock, new TextPipelineEvents(output));
            var pipelineOptions = new CameraPipelineOptions
            {
                CameraId = options.CameraId,
                Deadline = options.Deadline,
                InferQueue = options.QueueDepth,
                PublishQueue = options.QueueDepth,
            };
            var source = ShmFrameSourceOptions.ForCamera(ringName) with { QueueCapacity = options.RingSlots };
            CameraPipeline pipeline = host.AddCamera(pipelineOptions, () => new ShmFrameSource(source, clock), engine);
            output.WriteLine(string.Create(inv,
                $"pipeline  ingest+preprocess (from the ring, in place) → infer + NMS → publish, queues {options.QueueDepth} (drop oldest), deadline {options.Deadline.TotalMilliseconds:0} ms"));
            output.WriteLine($"publish   {host.Endpoint} topics {Topics.DetectionsPrefix}{options.CameraId}, {Topics.Health}");

            using var subscriber = new DemoSubscriber(host.Endpoint, clock, output, options.PrintFrames, seq => camera.Capture((long)seq).Truths);
            host.Start();
            if (!subscriber.WaitReady(TimeSpan.FromSeconds(10)) || !Await(() => producer.Consumers > 0, TimeSpan.FromSeconds(10)))
            {
                output.WriteLine("error: the pipeline did not attach to the ring, or the subscriber heard nothing, within 10 s");
                return new DemoReport(0, 0, 0, default);
            }

            long periodNs = (long)(1e9 / options.FramesPerSecond);
            long startNs = clock.NowNs;
            for (long k = 0; k < frames; k++)
            {
                SleepUntil(startNs + k * periodNs);
                Scene scene = camera.Capture(k);
                producer.Publish(scene.Pixels, PixelFormat.Bgr24, scene.Width, scene.Height, scene.Stride, clock.NowNs, clock.UtcNowNs);
            }
            CameraMetrics m = pipeline.Metrics;
            // Generous: on a loaded machine inference can fall seconds behind; every frame taken still finishes.
            Await(() => m.FramesIn >= frames && m.InFlight == 0, TimeSpan.FromSeconds(30));
            bool clean = host.Stop(TimeSpan.FromSeconds(10));
            Await(() => subscriber.Received >= m.FramesPublished && subscriber.LastHealth?.State == CameraState.Stopping, TimeSpan.FromSeconds(5));
            subscriber.Stop();

            output.WriteLine();
            output.WriteLine("stage            p50 ms    p99 ms   frames");
            foreach (Stage s in CameraMetrics.Stages)
            {
                WriteRow(s.ToString().ToLowerInvariant(), m.Stage(s));
            }
            WriteRow("end-to-end", subscriber.EndToEnd);
            output.WriteLine("ingest is capture → taken from the ring; end-to-end is capture → decoded by the subscriber, through ZeroMQ.");
            output.WriteLine(string.Create(inv, $"first frame  {subscriber.FirstFrameNs / 1e6:0.00} ms end-to-end (cold caches; included above)"));
            output.WriteLine();
            WriteFate(frames, producer.Published, m, clean);
            if (subscriber.LastHealth is { } h)
            {
                output.WriteLine(string.Create(inv,
                    $"health    over ZeroMQ: {h.State}, {h.FramesIn} in, {h.FramesPublished} published, {h.DeadlineMisses} late; last 1 s window: {h.OutputFps:0.0} fps out, infer p50 {h.Stages[2].P50Ms:0.0} ms, {h.ExecutionProvider}"));
            }
            var a = subscriber.Accuracy;
            output.WriteLine(string.Create(inv,
                $"accuracy  {subscriber.Received}/{m.FramesPublished} frames received, {a.TruePositives + a.FalseNegatives} signs: recall {a.Recall:0.000}, precision {a.Precision:0.000}, mean IoU {a.MeanIoU:0.000} (class-aware match, IoU ≥ 0.5)"));
            return new DemoReport(producer.Published, m.FramesPublished, subscriber.Received, a) { Dropped = m.TotalDrops };
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
            File.Delete(RingPaths.Ring(ringName));
            File.Delete(RingPaths.Socket(ringName));
        }

        void WriteRow(string name, LatencyRecorder r) =>
            output.WriteLine(string.Create(inv, $"{name,-14} {r.PercentileMs(50),8:0.000}  {r.PercentileMs(99),8:0.000}  {r.Count,7}"));
    }

    /// <summary>Every frame accounted for: captured = taken by the pipeline = published + dropped (by reason).</summary>
    private void WriteFate(long frames, long captured, CameraMetrics m, bool clean)
    {
        var inv = CultureInfo.InvariantCulture;
        var drops = new List<string>();
        for (int r = 1; r < CameraMetrics.DropReasonCount; r++)
        {
            long n = m.Drops((DropReason)r);
            if (n > 0)
            {
                drops.Add(string.Create(inv, $"{(DropReason)r} {n}"));
            }
        }
        output.WriteLine(string.Create(inv,
            $"fate      {captured}/{frames} captured, {m.FramesIn} taken, {m.FramesPublished} published, {m.TotalDrops} dropped{(drops.Count > 0 ? " (" + string.Join(", ", drops) + ")" : "")}, {m.DeadlineMisses} late, {m.InFlight} in flight{(clean ? "" : ", shutdown timed out")}"));
    }

    /// <summary>Waits for a condition the pipeline's own threads will make true (bounded).</summary>
    private bool Await(Func<bool> condition, TimeSpan timeout)
    {
        long deadline = clock.NowNs + (long)timeout.TotalNanoseconds;
        while (!condition())
        {
            if (clock.NowNs > deadline)
            {
                return false;
            }
            Thread.Sleep(5);
        }
        return true;
    }

    private void SleepUntil(long dueNs)
    {
        long wait = dueNs - clock.NowNs;
        if (wait > 1_000_000)
        {
            Thread.Sleep(TimeSpan.FromTicks(wait / 100));
        }
    }
}
