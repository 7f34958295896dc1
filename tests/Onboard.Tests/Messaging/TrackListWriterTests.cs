using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Tracking;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Tracking;
using Detection = Onboard.Kernels.Postprocess.Detection;
using TrackState = Onboard.Kernels.Tracking.TrackState;
using TrajectoryPoint = Onboard.Kernels.Tracking.TrajectoryPoint;

namespace Onboard.Tests.Messaging;

/// <summary>TrackList on the wire: every field as pyzmq + Python protobuf decode it, and no allocation per frame.</summary>
public sealed class TrackListWriterTests
{
    private static readonly string[] s_classNames = ["red_circle", "red_triangle"];

    private static TrackerSettings Settings => new() { Ground = GroundProjectorTests.ForwardCamera(pitchDeg: 3), HistoryLength = 4 };

    [Fact]
    public void Fill_PublishedTrackList_PythonSubscriberDecodesEveryField()
    {
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("tcp://127.0.0.1:*");
        using var peer = new PythonSubscriber(pub.LastEndpoint, "tracks/", 1);

        var tracker = new ByteTracker(Settings);
        var writer = new TrackListWriter(s_classNames, tracker.Settings);
        var message = new TrackList { Header = new FrameHeader { CameraId = "cam-7", Sequence = 12 }, ImageWidth = 1280, ImageHeight = 720 };
        TrackerFrame frame = default;
        for (int f = 0; f < 12; f++)
        {
            // Track 1 (class 1) drives down the image; track 2 (class 0) sits above the horizon, so it has no ground values.
            Detection[] detections = f < 11
                ? [TrackScript.Box(600, 400 + 2 * f, 80, 60, 0.9f, 1), TrackScript.Box(200, 100, 30, 30, 0.8f, 0)]
                : [TrackScript.Box(600, 400 + 2 * f, 80, 60, 0.9f, 1)];
            frame = tracker.Step(TrackScript.Frame(f), detections);
        }
        writer.Fill(message, Copy(tracker, frame), includeAll: true);
        byte[] topic = Encoding.UTF8.GetBytes("tracks/cam-7");
        JsonElement? received = null;
        for (int attempt = 0; attempt < 500 && received is null; attempt++)
        {
            pub.TrySendProtobuf(topic, message, dontWait: true);
            if (peer.ReadLine(TimeSpan.FromMilliseconds(20)) is { } line)
            {
                received = JsonDocument.Parse(line).RootElement.Clone();
            }
        }
        Assert.True(received is not null, "the subscriber got nothing: " + peer.StandardError);
        JsonElement m = received.Value.GetProperty("message");
        Assert.Equal("cam-7", m.GetProperty("header").GetProperty("camera_id").GetString());
        Assert.Equal(1280u, m.GetProperty("image_width").GetUInt32());
        Assert.Equal("2", m.GetProperty("tracks_created").GetString());
        JsonElement[] tracks = [.. m.GetProperty("tracks").EnumerateArray()];
        Assert.Equal(2, tracks.Length);

        TrackSnapshot moving = frame.Tracks[0];
        JsonElement t = tracks[0];
        Assert.Equal("1", t.GetProperty("id").GetString());
        Assert.Equal((1, "red_triangle"), (t.GetProperty("class_id").GetInt32(), t.GetProperty("class_name").GetString()));
        Assert.Equal("TRACK_STATE_CONFIRMED", t.GetProperty("state").GetString());
        Assert.Equal(moving.Box.X1, t.GetProperty("x1").GetSingle());
        Assert.Equal(moving.Box.Y2, t.GetProperty("y2").GetSingle());
        Assert.Equal(moving.Score, t.GetProperty("score").GetSingle());
        Assert.Equal((float)moving.AgeSeconds, t.GetProperty("age_s").GetSingle());
        Assert.Equal(12u, t.GetProperty("hits").GetUInt32());
        Assert.Equal(0f, t.GetProperty("time_since_update_s").GetSingle());
        Assert.Equal(moving.VelocityY, t.GetProperty("vy").GetSingle());
        JsonElement[] path = [.. t.GetProperty("trajectory").EnumerateArray()];
        TrajectoryPoint[] expected = frame.Trajectory(0).ToArray();
        Assert.Equal(expected.Select(p => p.Seconds), path.Select(p => p.GetProperty("t").GetSingle()));
        Assert.Equal(expected.Select(p => p.Syy), path.Select(p => p.GetProperty("cov_yy").GetSingle()));
        Assert.Equal(expected.Select(p => p.Ground.X), path.Select(p => p.GetProperty("ground").GetProperty("x").GetSingle()));
        JsonElement ground = t.GetProperty("ground");
        Assert.Equal(moving.Ground.X, ground.GetProperty("x").GetSingle());
        Assert.Equal(moving.GroundVelocityX, ground.GetProperty("vx").GetSingle());
        Assert.Equal(moving.Ground.Syy, ground.GetProperty("cov_yy").GetSingle());
        // History: the last 4 observed centres, t relative to this frame (−3, −2, −1, 0 frames).
        JsonElement[] history = [.. t.GetProperty("history").EnumerateArray()];
        Assert.Equal([-3, -2, -1, 0], history.Select(h => (int)Math.Round(h.GetProperty("t").GetSingle() / (TrackScript.Period * 1e-9))));
        Assert.Equal(frame.History(0)[^1].Y, history[^1].GetProperty("y").GetSingle());

        // Track 2: lost this frame (no trajectory) and above the horizon — its ground fields are absent, not numbers.
        JsonElement sky = tracks[1];
        Assert.Equal("TRACK_STATE_LOST", sky.GetProperty("state").GetString());
        Assert.Empty(sky.GetProperty("trajectory").EnumerateArray());
        Assert.False(sky.TryGetProperty("ground", out JsonElement g) && g.ValueKind != JsonValueKind.Null);
        Assert.Equal(TrackScript.Period * 1e-9, sky.GetProperty("time_since_update_s").GetDouble(), 6);
    }

    [Fact]
    public void Fill_ConfirmedOnlyByDefault()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        var writer = new TrackListWriter(s_classNames, tracker.Settings);
        tracker.Step(0, []);
        TrackerFrame frame = tracker.Step(TrackScript.Period, [TrackScript.Box(10, 10, 20, 20)]);
        Assert.Equal(TrackState.Tentative, frame.Tracks[0].State);
        var message = new TrackList();
        writer.Fill(message, Copy(tracker, frame));
        Assert.Empty(message.Tracks);
        writer.Fill(message, Copy(tracker, frame), includeAll: true);
        Assert.Single(message.Tracks);
    }

    [Fact]
    public void Fill_SteadyStream_AllocatesNothingAndSerialisesIntoABuffer()
    {
        var tracker = new ByteTracker(Settings);
        var writer = new TrackListWriter(s_classNames, tracker.Settings);
        var message = new TrackList { Header = new FrameHeader { CameraId = "front" } };
        var buffer = new byte[1 << 20];
        var detections = new Detection[30];
        var set = new TrackSet(tracker.Settings);
        int f = 0;
        int size = 0;
        void Frame()
        {
            for (int i = 0; i < detections.Length; i++)
            {
                detections[i] = new Detection(new BoxF(40 * i + (f % 20), 380 + 3 * (i % 5), 40 * i + 30 + (f % 20), 420 + 3 * (i % 5)), 0.9f, i % 2, i);
            }
            set.CopyFrom(tracker, tracker.Step(TrackScript.Frame(f++), detections));
            writer.Fill(message, set, includeAll: true);
            size = message.CalculateSize();
            message.WriteTo(buffer.AsSpan(0, size));
        }
        Assert.Equal(0, Allocations.InSteadyState(Frame, warmup: 40, calls: 20));
        Assert.True(message.Tracks.Count >= 30, $"{message.Tracks.Count} tracks");
        // Round trip: the bytes parse back to a message that serialises to the same bytes (message equality would
        // tell −0.0 from 0.0, which proto3 does not send).
        TrackList parsed = TrackList.Parser.ParseFrom(buffer, 0, size);
        Assert.Equal(message.Tracks.Count, parsed.Tracks.Count);
        Assert.Equal(buffer.AsSpan(0, size).ToArray(), parsed.ToByteArray());
        Assert.True(size > 0, size.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The frame as the pipeline hands it to the publisher: copied out of the tracker.</summary>
    private static TrackSet Copy(ByteTracker tracker, in TrackerFrame frame)
    {
        var set = new TrackSet(tracker.Settings);
        set.CopyFrom(tracker, frame);
        return set;
    }
}
