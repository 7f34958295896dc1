using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>A copy of one frame's detections and tracks (or one shadow result) for the recorder, preallocated.</summary>
internal sealed class ResultSlot(int maxDetections, int maxTracks)
{
    public Detection[] Detections { get; } = new Detection[maxDetections];
    public TrackSnapshot[] Tracks { get; } = new TrackSnapshot[maxTracks];
    public int DetectionCount { get; private set; }
    public int TrackCount { get; private set; }
    public ulong Sequence { get; private set; }
    public bool HasTracks { get; private set; }

    public void Fill(ulong sequence, ReadOnlySpan<Detection> detections, ReadOnlySpan<TrackSnapshot> tracks, bool hasTracks)
    {
        Sequence = sequence;
        DetectionCount = Math.Min(detections.Length, Detections.Length);
        detections[..DetectionCount].CopyTo(Detections);
        TrackCount = Math.Min(tracks.Length, Tracks.Length);
        tracks[..TrackCount].CopyTo(Tracks);
        HasTracks = hasTracks;
    }
}
