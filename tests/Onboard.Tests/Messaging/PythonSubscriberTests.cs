using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Infrastructure;
using Stage = Onboard.Runtime.Messaging.Contracts.Stage;

namespace Onboard.Tests.Messaging;

/// <summary>Our PUB socket and protobuf contract against an independent peer: pyzmq + Python protobuf,
/// with modules generated from our .proto by Debian's protoc.</summary>
public sealed class PythonSubscriberTests
{
    private static readonly string[] s_classNames = ["red_circle", "red_triangle", "blue_circle", "octagon"];

    [Fact]
    public void Publish_DetectionLists_PythonSubscriberDecodesEveryField()
    {
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("tcp://127.0.0.1:*");
        using var peer = new PythonSubscriber(pub.LastEndpoint, "detections/", 3);

        var publisher = new DetectionPublisher(pub, s_classNames, "synthetic-signs", "0.1.0");
        var frame = new FrameResult(8);
        var received = new List<JsonElement>();
        // The subscription reaches the publisher asynchronously: publish until the peer has three messages.
        for (ulong seq = 1; received.Count < 3 && seq < 1000; seq++)
        {
            Fill(frame, seq);
            publisher.Publish(frame, 5_000 + (long)seq);
            string? line = peer.ReadLine(TimeSpan.FromMilliseconds(20));
            while (line is not null)
            {
                received.Add(JsonDocument.Parse(line).RootElement.Clone());
                line = received.Count < 3 ? peer.ReadLine(TimeSpan.FromMilliseconds(1)) : null;
            }
        }
        Assert.True(received.Count == 3, $"peer received {received.Count} messages; stderr: {peer.StandardError}");
        Assert.True(peer.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, peer.ExitCode);

        foreach (var json in received)
        {
            Assert.Equal("detections/cam-7", json.GetProperty("topic").GetString());
            var m = json.GetProperty("message");
            var h = m.GetProperty("header");
            ulong seq = ulong.Parse(h.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Fill(frame, seq);
            Assert.Equal("cam-7", h.GetProperty("camera_id").GetString());
            Assert.Equal("synthetic-signs", h.GetProperty("model_id").GetString());
            Assert.Equal("0.1.0", h.GetProperty("model_version").GetString());
            Assert.Equal(frame.CaptureMonoNs.ToString(System.Globalization.CultureInfo.InvariantCulture), h.GetProperty("capture_mono_ns").GetString());
            string[] stages = h.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()!).ToArray();
            Assert.Equal(["STAGE_PREPROCESS", "STAGE_INFER", "STAGE_PUBLISH"], stages);
            Assert.Equal(1280u, m.GetProperty("image_width").GetUInt32());
            var dets = m.GetProperty("detections").EnumerateArray().ToArray();
            Assert.Equal(frame.DetectionCount, dets.Length);
            for (int i = 0; i < dets.Length; i++)
            {
                var expected = frame.Detections[i];
                Assert.Equal(expected.Box.X1, dets[i].GetProperty("x1").GetSingle());
                Assert.Equal(expected.Box.Y2, dets[i].GetProperty("y2").GetSingle());
                Assert.Equal(expected.Score, dets[i].GetProperty("score").GetSingle());
                Assert.Equal(expected.ClassId, dets[i].GetProperty("class_id").GetInt32());
                Assert.Equal(s_classNames[expected.ClassId], dets[i].GetProperty("class_name").GetString());
            }
        }
    }

    /// <summary>Frame content is a pure function of its sequence so the assertion can rebuild it.</summary>
    private static void Fill(FrameResult frame, ulong seq)
    {
        frame.Reset();
        frame.CameraId = "cam-7";
        frame.Sequence = seq;
        frame.CaptureMonoNs = 1_000_000_000L + (long)seq * 33_333_333;
        frame.CaptureUtcNs = 1_790_000_000_000_000_000L + (long)seq;
        frame.ImageWidth = 1280;
        frame.ImageHeight = 720;
        frame.Stamp(Stage.Preprocess, 10, 20);
        frame.Stamp(Stage.Infer, 20, 30);
        int n = (int)(seq % 4) + 1;
        for (int i = 0; i < n; i++)
        {
            frame.Detections[i] = new Detection(new BoxF(10.5f * i, 20.25f, 100f + i, 200.75f), 0.9f - 0.1f * i, i % 4, i);
        }
        frame.DetectionCount = n;
    }
}
