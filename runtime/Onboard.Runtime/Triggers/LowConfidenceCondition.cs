using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>lowConfidence</c>: a detection, or a confirmed track's score, in [min, max) on <c>frames</c> consecutive frames.
/// Fires when the run reaches <c>frames</c>; re-arms on a frame with nothing in the band.
/// </summary>
internal sealed class LowConfidenceCondition(TriggerConfig rule) : TriggerCondition(rule)
{
    private int _run;

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        float min = (float)Rule.Min, max = (float)Rule.Max;
        float score = float.NaN;
        foreach (var d in frame.Detections)
        {
            if (d.Score >= min && d.Score < max)
            {
                score = d.Score;
                break;
            }
        }
        ulong track = 0;
        if (float.IsNaN(score))
        {
            foreach (var t in frame.Tracks)
            {
                if (t.State == TrackState.Confirmed && t.Score >= min && t.Score < max)
                {
                    score = t.Score;
                    track = t.Id;
                    break;
                }
            }
        }
        if (float.IsNaN(score))
        {
            _run = 0;
            return false;
        }
        if (++_run != Rule.Frames)
        {
            return false;
        }
        measure = new TriggerMeasure("score", score, "frames", _run) { TrackId = track };
        return true;
    }
}
