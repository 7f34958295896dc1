using System.Text.Json;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Telemetry;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Messaging;

/// <summary>Health on the wire: decoded by an independent pyzmq + Python protobuf subscriber; built without allocating.</summary>
public sealed class HealthInteropTests
{
    [Fact]
    public void Publish_Health_PythonSubscriberDecodesEveryField()
    {
        using var dir = new TempDirectory();
        ProtoPython.Generate(dir.Path);
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("tcp://127.0.0.1:*");
        using var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("zmq_subscriber.py"), pub.LastEndpoint, "health", "1", dir.Path);
        Assert.Equal("ready", peer.ReadLine(TimeSpan.FromSeconds(30)));
        string? line = null;
        for (int i = 0; i < 1500 && line is null; i++)
        {
            // The subscription reaches us asynchronously, so publish until the peer has one. Each report's
            // latency window starts where the previous report's ended: a fresh publisher per attempt
            // makes every attempt carry the same full window.
            var health = new HealthPublisher(pub, Metrics(), "synthetic-signs", "0.1.0", "CPUExecutionProvider", TimeSpan.FromMilliseconds(100), startNs: 0);
            health.Publish(2_000_000_000, 1_790_000_000_000_000_000);
            line = peer.ReadLine(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(line is not null, "peer received nothing: " + peer.StandardError);
        JsonElement root = JsonDocument.Parse(line).RootElement;
        Assert.Equal("health", root.GetProperty("topic").GetString());
        JsonElement m = root.GetProperty("message");
        Assert.Equal("cam-3", m.GetProperty("camera_id").GetString());
        Assert.Equal("CAMERA_STATE_RUNNING", m.GetProperty("state").GetString());
        Assert.Equal("sim:cam-3", m.GetProperty("source").GetString());
        Assert.Equal("CPUExecutionProvider", m.GetProperty("execution_provider").GetString());
        Assert.Equal("12", m.GetProperty("frames_in").GetString());
        Assert.Equal("8", m.GetProperty("frames_published").GetString());
        Assert.Equal("1", m.GetProperty("deadline_misses").GetString());
        Assert.Equal(100.0, m.GetProperty("deadline_ms").GetDouble());
        var drops = m.GetProperty("drops").EnumerateArray().ToDictionary(d => d.GetProperty("reason").GetString()!, d => d.GetProperty("frames").GetString());
        Assert.Equal(7, drops.Count);
        Assert.Equal("2", drops["DROP_REASON_SOURCE_GAP"]);
        Assert.Equal("2", drops["DROP_REASON_INFER_BUSY"]);
        JsonElement infer = m.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "STAGE_INFER");
        Assert.Equal(10u, infer.GetProperty("samples").GetUInt32());
        Assert.Equal(5.0, infer.GetProperty("p50_ms").GetDouble());
        Assert.Equal(10.0, infer.GetProperty("p99_ms").GetDouble());
        Assert.Equal(20.0, m.GetProperty("end_to_end").GetProperty("p50_ms").GetDouble());
    }

    [Fact]
    public void Publish_SteadyState_AllocatesNothing()
    {
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("inproc://health-alloc");
        CameraMetrics metrics = Metrics();
        var health = new HealthPublisher(pub, metrics, "m", "1", "CPUExecutionProvider", TimeSpan.FromMilliseconds(100), startNs: 0);
        for (int i = 0; i < 4; i++)
        {
            health.Publish(1_000_000_000L * (i + 1), 0);
        }

        long second = 10;
        long allocated = Allocations.InSteadyState(() =>
        {
            metrics.Stage(Stage.Infer).Record(4_000_000 + second);
            health.Publish(1_000_000_000L * second++, 0);
        }, warmup: 2, calls: 50);

        Assert.Equal(0, allocated);
        Assert.Equal(second - 10 + 4, health.Published);
    }

    /// <summary>12 frames in (2 of them a gap), 8 published (1 late), 2 evicted; infer 1..10 ms.</summary>
    private static CameraMetrics Metrics()
    {
        var metrics = new CameraMetrics("cam-3") { State = CameraState.Running, SourceName = "sim:cam-3" };
        for (int i = 0; i < 9; i++)
        {
            metrics.FrameArrived(1_000_000_000 + i, 0);
        }
        metrics.FrameArrived(1_100_000_000, missedBefore: 2);
        metrics.Dropped(DropReason.InferBusy, 2);
        for (int i = 1; i <= 10; i++)
        {
            metrics.Stage(Stage.Infer).Record(i * 1_000_000L);
        }
        for (int i = 0; i < 8; i++)
        {
            metrics.FramePublished(late: i == 0);
            metrics.EndToEnd.Record(20_000_000);
        }
        return metrics;
    }
}
