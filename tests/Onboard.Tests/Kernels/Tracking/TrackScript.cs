using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>Small helpers for scripted tracker scenes: boxes, 30 fps capture times, ids by track.</summary>
internal static class TrackScript
{
    /// <summary>A 30 fps camera's frame period in nanoseconds (what the pipeline's monotonic clock gives).</summary>
    public const long Period = 33_333_333;

    public static Detection Box(float x, float y, float w, float h, float score = 0.9f, int classId = 0) =>
        new(new BoxF(x, y, x + w, y + h), score, classId, 0);

    public static long Frame(int f) => f * Period;

    /// <summary>The snapshot of track <paramref name="id"/> in <paramref name="frame"/>, or null.</summary>
    public static TrackSnapshot? Find(in TrackerFrame frame, ulong id)
    {
        foreach (TrackSnapshot t in frame.Tracks)
        {
            if (t.Id == id)
            {
                return t;
            }
        }
        return null;
    }

    /// <summary>The ids of the confirmed tracks.</summary>
    public static ulong[] Confirmed(in TrackerFrame frame)
    {
        var ids = new List<ulong>();
        foreach (TrackSnapshot t in frame.Tracks)
        {
            if (t.State == TrackState.Confirmed)
            {
                ids.Add(t.Id);
            }
        }
        return [.. ids];
    }
}
