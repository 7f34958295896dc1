using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;
using Onboard.Tests.Infrastructure;
using static Onboard.Tests.Kernels.Tracking.TrackScript;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>ByteTrack's life cycle and its two stages: confirmation, low-score recovery, the time-based buffer,
/// id uniqueness, capacities, duplicates and allocation.</summary>
public sealed class ByteTrackerTests
{
    [Fact]
    public void Step_NewDetection_IsTentativeUntilMatchedInTheNextFrame()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        tracker.Step(Frame(0), []);
        TrackerFrame f1 = tracker.Step(Frame(1), [Box(100, 100, 40, 40)]);
        Assert.Equal(TrackState.Tentative, Assert.Single(f1.Tracks.ToArray()).State);
        Assert.Empty(f1.Trajectory(0).ToArray());
        TrackerFrame f2 = tracker.Step(Frame(2), [Box(102, 100, 40, 40)]);
        TrackSnapshot t = Assert.Single(f2.Tracks.ToArray());
        Assert.Equal(TrackState.Confirmed, t.State);
        Assert.Equal(2, t.Hits);
        Assert.Equal(1UL, t.Id);
    }

    [Fact]
    public void Step_FirstFrameOfTheTracker_ConfirmsAtOnceAsByteTrack()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        TrackerFrame f = tracker.Step(Frame(0), [Box(100, 100, 40, 40)]);
        Assert.Equal(TrackState.Confirmed, Assert.Single(f.Tracks.ToArray()).State);
    }

    [Fact]
    public void Step_TentativeTrackUnmatched_IsRemoved()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        tracker.Step(Frame(0), []);
        tracker.Step(Frame(1), [Box(100, 100, 40, 40)]);
        TrackerFrame f = tracker.Step(Frame(2), []);
        Assert.Equal(0, f.Count);
        Assert.Equal(1, tracker.TracksRemoved);
    }

    [Fact]
    public void Step_LowScoreDetectionsThroughAnOcclusion_KeepTheSameId()
    {
        // A 60 × 120 box moving right 4 px per frame turns (down-left) while half hidden for 0.6 s, when the detector
        // scores it only 0.12–0.2, below the high threshold. Stage 2 follows it on those low detections; without the
        // low band (low = high) the track is lost, predicted straight on, and the object comes back under a new id.
        (ulong[] Ids, TrackState During) Run(TrackerSettings settings)
        {
            var tracker = new ByteTracker(settings);
            var ids = new HashSet<ulong>();
            TrackState during = default;
            float x = 100, y = 200;
            for (int f = 0; f < 60; f++)
            {
                bool occluded = f is >= 20 and < 38;
                (float dx, float dy) = f < 20 ? (4f, 0f) : (-4f, 3f);
                x += dx;
                y += dy;
                float score = occluded ? 0.12f + 0.02f * (f % 5) : 0.9f;
                TrackerFrame frame = tracker.Step(Frame(f), [Box(x, y, 60, 120, score)]);
                foreach (ulong id in Confirmed(frame))
                {
                    ids.Add(id);
                }
                if (f == 30)
                {
                    during = frame.Tracks[0].State;
                }
            }
            return ([.. ids], during);
        }
        (ulong[] ids, TrackState during) = Run(new TrackerSettings());
        Assert.Equal(TrackState.Confirmed, during);
        Assert.Equal([1UL], ids);
        (ids, during) = Run(new TrackerSettings { LowThreshold = 0.25 });
        Assert.Equal(TrackState.Lost, during);
        Assert.Equal([1UL, 2UL], ids);
    }

    [Fact]
    public void Step_NoDetectionsForHalfASecond_TrackIsLostThenRefound()
    {
        // The same object with no detection at all for 0.5 s: the track is lost (no trajectory, predicted box),
        // then stage 1 re-finds it (lost tracks are in its pool) under the same id.
        var tracker = new ByteTracker(new TrackerSettings());
        TrackSnapshot? during = null;
        ulong[] after = [];
        for (int f = 0; f < 50; f++)
        {
            bool hidden = f is >= 20 and < 35;
            TrackerFrame frame = tracker.Step(Frame(f), hidden ? [] : [Box(100 + 4 * f, 200, 60, 120)]);
            if (f == 30)
            {
                during = Assert.Single(frame.Tracks.ToArray());
                Assert.Empty(frame.Trajectory(0).ToArray());
            }
            after = Confirmed(frame);
        }
        Assert.Equal(TrackState.Lost, during!.Value.State);
        // Predicted on: 11 frames after its last update at x = 176 it is near 176 + 44.
        Assert.InRange(during.Value.Box.X1, 210, 230);
        Assert.Equal(11 * Period * 1e-9, during.Value.TimeSinceUpdateSeconds, 6);
        Assert.Equal([1UL], after);
    }

    [Fact]
    public void Step_DroppedFramesShorterThanTheBuffer_TrackSurvives()
    {
        var tracker = new ByteTracker(new TrackerSettings { BufferSeconds = 1.0 });
        for (int f = 0; f < 10; f++)
        {
            tracker.Step(Frame(f), [Box(100 + 3 * f, 100, 50, 50)]);
        }
        // 0.9 s of frames never reach the tracker (a dropped burst): the next frame is 28 periods later, the object
        // moved on at the same speed; the prediction over the real interval still overlaps it.
        TrackerFrame next = tracker.Step(Frame(37), [Box(100 + 3 * 37, 100, 50, 50)]);
        TrackSnapshot t = Assert.Single(next.Tracks.ToArray());
        Assert.Equal((1UL, TrackState.Confirmed), (t.Id, t.State));
    }

    [Fact]
    public void Step_GapLongerThanTheBuffer_TrackIsRemovedAndTheObjectGetsANewId()
    {
        var tracker = new ByteTracker(new TrackerSettings { BufferSeconds = 1.0 });
        for (int f = 0; f < 10; f++)
        {
            tracker.Step(Frame(f), [Box(100, 100, 50, 50)]);
        }
        // Last update at frame 9; 1.2 s later (a burst of drops) it is past the buffer at this frame's capture time.
        TrackerFrame next = tracker.Step(Frame(9) + 1_200_000_000, [Box(100, 100, 50, 50)]);
        TrackSnapshot t = Assert.Single(next.Tracks.ToArray());
        Assert.Equal(2UL, t.Id);
        Assert.Equal(1, tracker.TracksRemoved);
    }

    [Fact]
    public void Step_LostTrack_IsRemovedOnceTheBufferHasPassedAndNotBefore()
    {
        var tracker = new ByteTracker(new TrackerSettings { BufferSeconds = 1.0 });
        tracker.Step(Frame(0), [Box(100, 100, 50, 50)]);
        tracker.Step(Frame(1), [Box(100, 100, 50, 50)]);
        // Last update at frame 1; 30 frames later (exactly 1.0 s at this clock's 33.33 ms) it is still there.
        TrackerFrame f31 = default;
        for (int f = 2; f <= 31; f++)
        {
            f31 = tracker.Step(Frame(f), []);
        }
        Assert.Equal(TrackState.Lost, Assert.Single(f31.Tracks.ToArray()).State);
        Assert.Equal(0, tracker.Step(Frame(32), []).Count);
    }

    [Fact]
    public void Step_ManyObjectsComingAndGoing_NeverReusesAnId()
    {
        var tracker = new ByteTracker(new TrackerSettings { MaxTracks = 8, BufferSeconds = 0.1 });
        var seen = new Dictionary<ulong, int>();
        var random = new Random(9);
        for (int f = 0; f < 600; f++)
        {
            // Objects live 5–20 frames at random places; slots are reused constantly with 8 of them.
            var detections = new List<Detection>();
            for (int o = 0; o < 6; o++)
            {
                int life = f / 12 * 6 + o;
                if (random.NextDouble() < 0.9)
                {
                    detections.Add(Box(50 + 150 * o, 50 + 37 * (life % 11), 40, 40));
                }
            }
            TrackerFrame frame = tracker.Step(Frame(f), [.. detections]);
            foreach (TrackSnapshot t in frame.Tracks)
            {
                if (seen.TryGetValue(t.Id, out int first))
                {
                    Assert.True(f - first < 200, $"id {t.Id} lived from frame {first} to {f}: reused?");
                }
                else
                {
                    Assert.True(t.Id > (seen.Count == 0 ? 0 : seen.Keys.Max()), $"id {t.Id} is not newer than every earlier id");
                    seen[t.Id] = f;
                }
            }
        }
        Assert.True(seen.Count > 100, $"only {seen.Count} tracks were started");
        Assert.Equal(tracker.TracksCreated, (long)seen.Keys.Max());
    }

    [Fact]
    public void Step_MoreObjectsThanCapacity_RefusesAndCountsTheRest()
    {
        var tracker = new ByteTracker(new TrackerSettings { MaxTracks = 3, MaxDetections = 4 });
        Detection[] five = [.. Enumerable.Range(0, 5).Select(i => Box(60 * i, 0, 40, 40))];
        TrackerFrame f = tracker.Step(Frame(0), five);
        Assert.Equal(3, f.Count);
        Assert.Equal(1, tracker.DetectionsDropped);
        Assert.Equal(1, tracker.TracksRefused);
        Assert.Equal([1UL, 2UL, 3UL], f.Tracks.ToArray().Select(t => t.Id));
    }

    [Fact]
    public void Step_InvalidDetections_AreIgnoredAndCounted()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        TrackerFrame f = tracker.Step(Frame(0), [Box(0, 0, 10, 10, float.NaN), Box(float.PositiveInfinity, 0, 10, 10), Box(5, 5, 0, 10), Box(50, 50, 10, 10)]);
        Assert.Equal(1, f.Count);
        Assert.Equal(3, tracker.DetectionsInvalid);
    }

    [Fact]
    public void Step_CaptureTimeGoingBack_Throws()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        tracker.Step(Frame(5), []);
        tracker.Step(Frame(5), []);
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Step(Frame(4), []));
    }

    [Fact]
    public void Step_LostAndTrackedTrackOverlap_TheYoungerIsRemovedAsByteTrackDoes()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        ulong a = 0;
        for (int f = 0; f < 30; f++)
        {
            a = Assert.Single(Confirmed(tracker.Step(Frame(f), [Box(100 + 5 * f, 200, 50, 50)])));
        }
        // A hides (lost, predicted on at ≈ 5 px per frame). At frame 34 a second, weak (0.3) detection appears 30 px
        // ahead of A's prediction and stays put: A's fused cost to it is too high, so it starts track B.
        TrackerFrame frame = default;
        for (int f = 30; f < 34; f++)
        {
            frame = tracker.Step(Frame(f), []);
        }
        // 2 px more, so when A's prediction reaches B it is 2 px short: no tie between A and B for the detection.
        float x = Find(frame, a)!.Value.Box.X1 + 5 + 30 + 2;
        ulong b = 0;
        for (int f = 34; f < 40; f++)
        {
            frame = tracker.Step(Frame(f), [Box(x, 200, 50, 50, 0.3f)]);
            if (f == 34)
            {
                b = frame.Tracks.ToArray().Single(t => t.Id != a).Id;
            }
            Assert.NotNull(Find(frame, b));
            Assert.Equal(TrackState.Lost, Find(frame, a)!.Value.State);
        }
        // Frame 40: A's prediction reaches B (IoU > 0.85). B wins the detection, but B (tracked 0.2 s) is younger
        // than A (tracked 1 s before it was lost), so B is the duplicate that goes; A takes the object back next frame.
        frame = tracker.Step(Frame(40), [Box(x, 200, 50, 50, 0.3f)]);
        Assert.Null(Find(frame, b));
        Assert.Equal(TrackState.Lost, Find(frame, a)!.Value.State);
        frame = tracker.Step(Frame(41), [Box(x, 200, 50, 50, 0.3f)]);
        Assert.Equal(TrackState.Confirmed, Find(frame, a)!.Value.State);
    }

    [Fact]
    public void Step_SteadyStream_AllocatesNothing()
    {
        var tracker = new ByteTracker(new TrackerSettings { Ground = GroundProjectorTests.ForwardCamera(pitchDeg: 5) });
        var detections = new Detection[40];
        int f = 0;
        void Step()
        {
            for (int i = 0; i < detections.Length; i++)
            {
                float score = (f + i) % 7 == 0 ? 0.15f : 0.8f;
                detections[i] = Box(30 * i + 2 * (f % 50), 400 + 5 * (i % 3), 25, 40, score, i % 3);
            }
            tracker.Step(Frame(f++), detections);
        }
        Assert.Equal(0, Allocations.InSteadyState(Step, warmup: 60, calls: 30));
        Assert.True(tracker.LiveTracks >= 35);
    }
}
