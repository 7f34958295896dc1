using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Tracking;

/// <summary>One live track as of the frame just tracked.</summary>
public struct TrackSnapshot
{
    /// <summary>Per tracker (per camera), from 1, never reused.</summary>
    public ulong Id;

    /// <summary>The class the track started with; it keeps it (see <see cref="ClassFlips"/>).</summary>
    public int ClassId;

    /// <summary>The score of the detection it was last matched with.</summary>
    public float Score;

    /// <summary>Source pixels: the Kalman estimate after this frame's match, or its prediction to this frame when unmatched.</summary>
    public BoxF Box;

    public TrackState State;

    /// <summary>Seconds since the track started (capture times).</summary>
    public double AgeSeconds;

    /// <summary>Detections matched to it, its first one included.</summary>
    public int Hits;

    /// <summary>Seconds since its last match (0 when matched in this frame).</summary>
    public double TimeSinceUpdateSeconds;

    /// <summary>Box centre velocity, pixels per second.</summary>
    public float VelocityX;
    public float VelocityY;

    /// <summary>Times the class of its matched detections changed (possible only with cross-class matching).</summary>
    public int ClassFlips;

    /// <summary>With a ground camera: the box's bottom centre on the road, and its velocity (m/s, vehicle frame).</summary>
    public GroundPoint Ground;
    public float GroundVelocityX;
    public float GroundVelocityY;
}
