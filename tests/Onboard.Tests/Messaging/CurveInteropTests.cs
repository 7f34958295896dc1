using System.Globalization;
using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Messaging;

/// <summary>Our CURVE-encrypted PUB against two pyzmq subscribers: one with the server's real public key, one with another.</summary>
public sealed class CurveInteropTests
{
    private const string Hello = "onboard/hello";
    private const int Frames = 20;

    [Fact]
    public void Publish_CurveOn_WrongServerKeyReceivesNothingAndRightKeyReceivesEverything()
    {
        ZmqCurveKeyPair server = ZmqCurve.GenerateKeyPair();
        string wrongKey = ZmqCurve.GenerateKeyPair().PublicKey;
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.CurveServer = true;
        pub.CurveSecretKey = server.SecretKey;
        using var monitor = new ZmqMonitor(context, pub);
        pub.Bind("tcp://127.0.0.1:*");

        using var wrong = new PythonSubscriber(pub.LastEndpoint, "detections/", 1, "--server-key", wrongKey, "--also", Hello);
        using var right = new PythonSubscriber(pub.LastEndpoint, "detections/", Frames, "--server-key", server.PublicKey, "--also", Hello);
        Assert.True(monitor.WaitFor(ZmqSocketEvents.HandshakeFailed, TimeSpan.FromSeconds(30)), "the wrong-key subscriber never tried and failed");

        // PUB drops what it sends before a subscription arrives: greet until the right subscriber hears us.
        string? first = null;
        for (int i = 0; i < 1500 && first is null; i++)
        {
            pub.TrySend(System.Text.Encoding.UTF8.GetBytes(Hello), more: false);
            first = right.ReadLine(TimeSpan.FromMilliseconds(20));
        }
        Assert.True(first is not null, "right subscriber heard nothing: " + right.StandardError);
        var publisher = new DetectionPublisher(pub, ["sign"], "m", "1");
        var frame = new FrameResult(4) { CameraId = "front", ImageWidth = 64, ImageHeight = 48 };
        for (ulong seq = 1; seq <= Frames; seq++)
        {
            frame.Sequence = seq;
            frame.Detections[0] = new Detection(new BoxF(1, 2, 3, 4), 0.5f, 0, 0);
            frame.DetectionCount = 1;
            Assert.True(publisher.Publish(frame, 1));
        }

        var sequences = new List<ulong>();
        for (int i = 0; i < Frames; i++)
        {
            string? line = right.ReadLine(TimeSpan.FromSeconds(30));
            Assert.True(line is not null, $"right subscriber got {sequences.Count} of {Frames}; stderr: {right.StandardError}");
            JsonElement json = JsonDocument.Parse(line).RootElement;
            if (json.GetProperty("topic").GetString() == Hello)
            {
                i--;
                continue;
            }
            sequences.Add(ulong.Parse(json.GetProperty("message").GetProperty("header").GetProperty("sequence").GetString()!, CultureInfo.InvariantCulture));
        }
        Assert.Equal(Enumerable.Range(1, Frames).Select(i => (ulong)i), sequences);
        Assert.Null(wrong.ReadLine(TimeSpan.Zero));
        monitor.Drain();
        Assert.True(monitor.Count(ZmqSocketEvents.HandshakeFailed) >= 1);
        Assert.Equal(1, monitor.Count(ZmqSocketEvents.HandshakeSucceeded));
    }
}
