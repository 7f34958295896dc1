using Onboard.Kernels.Tracking;
using static Onboard.Tests.Kernels.Tracking.TrackScript;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>Class-aware tracking: a track keeps its class; other classes do not match it unless asked; flips are counted.</summary>
public sealed class ByteTrackerClassTests
{
    [Fact]
    public void Step_SameBoxOtherClass_DoesNotMatchByDefault()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        for (int f = 0; f < 5; f++)
        {
            tracker.Step(Frame(f), [Box(100, 100, 50, 50, classId: 2)]);
        }
        // The detector now calls it class 3: a new (tentative) track; the class-2 track is lost.
        TrackerFrame frame = tracker.Step(Frame(5), [Box(100, 100, 50, 50, classId: 3)]);
        TrackSnapshot[] tracks = frame.Tracks.ToArray();
        Assert.Equal(2, tracks.Length);
        Assert.Equal((1UL, 2, TrackState.Lost, 0), (tracks[0].Id, tracks[0].ClassId, tracks[0].State, tracks[0].ClassFlips));
        Assert.Equal((2UL, 3, TrackState.Tentative), (tracks[1].Id, tracks[1].ClassId, tracks[1].State));
    }

    [Fact]
    public void Step_TwoClassesCrossing_EachTrackKeepsItsClass()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        TrackerFrame frame = default;
        for (int f = 0; f < 40; f++)
        {
            // Same size, crossing on the same row: at the crossing their boxes coincide.
            frame = tracker.Step(Frame(f), [Box(100 + 10 * f, 100, 60, 60, classId: 0), Box(490 - 10 * f, 100, 60, 60, classId: 1)]);
        }
        TrackSnapshot[] tracks = frame.Tracks.ToArray();
        Assert.Equal(2, tracks.Length);
        Assert.Equal((1UL, 0), (tracks[0].Id, tracks[0].ClassId));
        Assert.Equal((2UL, 1), (tracks[1].Id, tracks[1].ClassId));
        Assert.True(tracks[0].Box.X1 > tracks[1].Box.X1, "class 0 went right, class 1 left");
    }

    [Fact]
    public void Step_CrossClassMatchingOn_MatchesAndCountsEachFlip()
    {
        var tracker = new ByteTracker(new TrackerSettings { CrossClassMatching = true });
        int[] classes = [2, 2, 2, 3, 3, 2, 2, 5, 5, 5];
        TrackerFrame frame = default;
        for (int f = 0; f < classes.Length; f++)
        {
            frame = tracker.Step(Frame(f), [Box(100 + f, 100, 50, 50, classId: classes[f])]);
        }
        TrackSnapshot t = Assert.Single(frame.Tracks.ToArray());
        // 2 → 3 → 2 → 5: three flips; the track keeps the class it started with.
        Assert.Equal((1UL, 2, 3, 10), (t.Id, t.ClassId, t.ClassFlips, t.Hits));
    }
}
