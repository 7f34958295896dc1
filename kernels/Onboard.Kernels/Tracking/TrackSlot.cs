using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Tracking;

/// <summary>A track's bookkeeping in its slot; its Kalman state lives in the tracker's flat arrays at the same index.</summary>
internal struct TrackSlot
{
    public ulong Id;
    public int ClassId;
    public int LastClassId;
    public float Score;
    public TrackState State;
    public long StartNs;
    public long UpdateNs;
    public int Hits;
    public int ClassFlips;
    /// <summary>Position of the newest history point in the slot's ring, and how many are kept.</summary>
    public int HistoryLast;
    public int HistoryCount;
    /// <summary>The box as of this frame: the updated estimate if matched, else the prediction.</summary>
    public BoxF Box;
    public bool Matched;
    public bool Removed;
}
