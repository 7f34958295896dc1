using Onboard.Hil.Scenes;
using Onboard.Hil.Sources;
using Onboard.Runtime.Config;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Pipeline;

/// <summary>Two cameras in one process on the real detector (ONNX Runtime), one publisher, each with its own health.</summary>
public sealed class TwoCameraTests
{
    [Fact]
    public void Run_TwoSimulatedCameras_EachPublishesItsOwnDetectionsAndHealth()
    {
        using var dir = new TempDirectory();
        var clock = MonotonicClock.System;
        var model = new ModelConfig { Name = "signs", Builtin = ConfigReader.BuiltinSyntheticSigns, Id = "synthetic-signs", Version = "0.1.0", Inference = new() { IntraOpThreads = 1 } };
        var events = new RecordingPipelineEvents();
        using var host = new PipelineHost(new PublisherOptions { Endpoint = "tcp://127.0.0.1:*", HealthInterval = TimeSpan.FromMilliseconds(200) }, clock, events);
        foreach ((string id, int seed) in new[] { ("left", 1), ("right", 2) })
        {
            var options = new CameraPipelineOptions
            {
                CameraId = id,
                Deadline = TimeSpan.FromSeconds(5),
            };
            host.AddCamera(options, () => new SimulatedFrameSource(id, new SceneOptions { Seed = seed }, 10, 5, 0, clock), EngineLoader.Open(model, dir.Path));
        }
        using var context = new ZmqContext();
        using var sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.Linger = TimeSpan.Zero;
        sub.ReceiveTimeout = TimeSpan.FromSeconds(30);
        sub.Subscribe("health");
        sub.Subscribe("detections/");
        sub.Connect(host.Endpoint);
        host.Start();

        var health = new Dictionary<string, Health>();
        var detections = new HashSet<string>();
        var topic = new byte[64];
        var payload = new byte[1 << 16];
        long deadline = clock.NowNs + 120_000_000_000;
        while ((health.Count < 2 || detections.Count < 2 || health.Values.Any(h => h.FramesPublished == 0)) && clock.NowNs < deadline)
        {
            int t = sub.Receive(topic, out bool more);
            Assert.True(t > 0 && more, "nothing received within 30 s: " + string.Join("\n", events.Lines));
            int n = sub.Receive(payload, out _);
            string name = System.Text.Encoding.UTF8.GetString(topic, 0, t);
            if (name == "health")
            {
                Health h = Health.Parser.ParseFrom(payload, 0, n);
                health[h.CameraId] = h;
            }
            else
            {
                detections.Add(DetectionList.Parser.ParseFrom(payload, 0, n).Header.CameraId);
            }
        }

        Assert.Equal(["left", "right"], health.Keys.Order());
        Assert.Equal(["left", "right"], detections.Order());
        foreach ((string id, Health h) in health)
        {
            Assert.Equal("sim:" + id, h.Source);
            Assert.Equal("synthetic-signs", h.ModelId);
            Assert.Equal("CPUExecutionProvider", h.ExecutionProvider);
            Assert.True(h.FramesPublished > 0);
            Assert.True(h.FramesIn >= h.FramesPublished);
            Assert.Equal(6, h.Stages.Count);
        }
        Assert.True(host.Stop(TimeSpan.FromSeconds(30)));
        foreach (CameraPipeline camera in host.Cameras)
        {
            Assert.Equal(0, camera.Metrics.InFlight);
        }
    }
}
