using Onboard.Hil.Recording.Contracts;

namespace Onboard.Hil.Sources;

/// <summary>
/// A frame source that knows what is really in its frames (a scenario, the simulated camera). The recorder asks it
/// on the recorder's thread, so implementations answer from immutable state (the truth is a pure function of the
/// sequence), never from what the ingest thread is drawing.
/// </summary>
public interface IGroundTruthSource
{
    /// <summary>False when this source has nothing to say (a replay of a recording without ground truth).</summary>
    bool HasTruth => true;

    /// <summary>Fills <paramref name="truth"/> (already cleared, camera and sequence set) for frame <paramref name="sequence"/>.</summary>
    void Truth(ulong sequence, GroundTruthList truth);
}
