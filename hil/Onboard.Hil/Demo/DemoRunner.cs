using System.Globalization;
using Google.Protobuf;
using Onboard.Hil.Cameras;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Telemetry;
using Stage = Onboard.Runtime.Messaging.Contracts.Stage;

namespace Onboard.Hil.Demo;

/// <summary>
/// The end-to-end slice on an embedded default: a simulated camera at a fixed rate → preprocess → ONNX
/// Runtime (the generated synthetic sign detector, CPU) → decode + NMS → ZeroMQ PUB → an in-process SUB
/// that decodes, prints and scores each frame. Ends with per-stage latency and accuracy.
/// </summary>
public sealed class DemoRunner(DemoOptions options, TextWriter output, MonotonicClock clock)
{
    public DemoReport Run()
    {
        var inv = CultureInfo.InvariantCulture;
        string workDir = Directory.CreateTempSubdirectory("onboard-demo-").FullName;
        try
        {
            string modelPath = Path.Combine(workDir, "synthetic-signs.onnx");
            File.WriteAllBytes(modelPath, SyntheticSignDetector.Build().ToByteArray());
            using var session = DetectorSession.Open(modelPath);
            var detector = new FrameDetector(session, new DetectorSettings());
            output.WriteLine(string.Create(inv, $"model     synthetic sign detector, input {session.InputWidth}x{session.InputHeight}, {detector.ClassCount} classes, {detector.AnchorCount} anchors, {session.ExecutionProvider}"));

            long frames = (long)Math.Round(options.Seconds * options.FramesPerSecond);
            var camera = new SimulatedCamera(new SceneGenerator(new SceneOptions { Seed = options.Seed }), options.FramesPerScene);
            camera.Prepare(frames);
            output.WriteLine(string.Create(inv, $"camera    '{options.CameraId}' simulated {camera.Width}x{camera.Height} BGR24 at {options.FramesPerSecond} fps for {options.Seconds} s ({frames} frames)"));

            using var context = new ZmqContext();
            using var pub = context.CreateSocket(ZmqSocketType.Pub);
            pub.Linger = TimeSpan.FromSeconds(1);
            pub.Bind(options.Endpoint);
            string endpoint = pub.LastEndpoint;
            output.WriteLine($"publish   {endpoint} topic {DetectionPublisher.TopicPrefix}{options.CameraId}");
            using var subscriber = new DemoSubscriber(context, endpoint, clock, output, options.PrintFrames);
            if (!AwaitSubscriber(pub, subscriber))
            {
                output.WriteLine("error: the subscriber did not connect within 5 s");
                return new DemoReport(0, 0, 0, default);
            }

            var publisher = new DetectionPublisher(pub, SyntheticSignCatalog.ClassNames, "synthetic-signs", "0.1.0");
            var stages = new[] { Stage.Preprocess, Stage.Infer, Stage.Postprocess, Stage.Publish };
            var latency = stages.ToDictionary(s => s, _ => new LatencyRecorder());
            var frame = new FrameResult(300);
            long periodNs = (long)(1e9 / options.FramesPerSecond);
            long startNs = clock.NowNs;
            long firstFrameNs = 0;
            for (long k = 0; k < frames; k++)
            {
                SleepUntil(startNs + k * periodNs);
                Scene scene = camera.Capture(k);
                frame.Reset();
                frame.CameraId = options.CameraId;
                frame.Sequence = (ulong)k;
                frame.CaptureMonoNs = clock.NowNs;
                frame.CaptureUtcNs = clock.UtcNowNs;
                frame.ImageWidth = scene.Width;
                frame.ImageHeight = scene.Height;
                subscriber.Expect(frame.Sequence, scene.Truths);

                long t0 = clock.NowNs;
                ImageTransform transform = detector.Preprocess(new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24));
                long t1 = clock.NowNs;
                detector.Infer();
                long t2 = clock.NowNs;
                frame.DetectionCount = detector.Postprocess(transform, frame.Detections);
                long t3 = clock.NowNs;
                frame.Stamp(Stage.Preprocess, t0, t1);
                frame.Stamp(Stage.Infer, t1, t2);
                frame.Stamp(Stage.Postprocess, t2, t3);
                publisher.Publish(frame, t3);
                long t4 = clock.NowNs;
                if (k == 0)
                {
                    firstFrameNs = t4 - frame.CaptureMonoNs;
                    continue;
                }
                latency[Stage.Preprocess].Record(t1 - t0);
                latency[Stage.Infer].Record(t2 - t1);
                latency[Stage.Postprocess].Record(t3 - t2);
                latency[Stage.Publish].Record(t4 - t3);
            }
            AwaitDelivery(subscriber, publisher.Published);
            subscriber.Stop();

            output.WriteLine();
            output.WriteLine("stage            p50 ms    p99 ms   frames");
            foreach (var s in stages)
            {
                WriteRow(s.ToString().ToLowerInvariant(), latency[s]);
            }
            WriteRow("end-to-end", subscriber.EndToEnd);
            output.WriteLine(string.Create(inv, $"first frame  {firstFrameNs / 1e6:0.00} ms (capture → published; cold caches, not in the rows above)"));
            output.WriteLine("end-to-end is capture → decoded by the subscriber, through ZeroMQ.");
            var a = subscriber.Accuracy;
            output.WriteLine();
            output.WriteLine(string.Create(inv,
                $"accuracy  {subscriber.Received}/{publisher.Published} frames received, {a.TruePositives + a.FalseNegatives} signs: recall {a.Recall:0.000}, precision {a.Precision:0.000}, mean IoU {a.MeanIoU:0.000} (class-aware match, IoU ≥ 0.5)"));
            return new DemoReport(frames, publisher.Published, subscriber.Received, a);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }

        void WriteRow(string name, LatencyRecorder r) =>
            output.WriteLine(string.Create(inv, $"{name,-14} {r.PercentileMs(50),8:0.000}  {r.PercentileMs(99),8:0.000}  {r.Count,7}"));
    }

    /// <summary>PUB drops what it sends before a subscription reaches it; greet until the subscriber hears us.</summary>
    private static bool AwaitSubscriber(ZmqSocket pub, DemoSubscriber subscriber)
    {
        byte[] hello = System.Text.Encoding.UTF8.GetBytes(DemoSubscriber.HelloTopic);
        for (int i = 0; i < 250; i++)
        {
            pub.TrySend(hello, more: false, dontWait: true);
            if (subscriber.WaitReady(TimeSpan.FromMilliseconds(20)))
            {
                return true;
            }
        }
        return false;
    }

    private void AwaitDelivery(DemoSubscriber subscriber, long published)
    {
        long deadline = clock.NowNs + 5_000_000_000;
        while (subscriber.Received < published && clock.NowNs < deadline)
        {
            Thread.Sleep(5);
        }
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
