using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>lateDetection</c>: a track first confirmed when its box is already taller than <c>minHeightFraction</c> of
/// the image — it should have been seen farther away (the traffic-sign case). Judged once per track, on the frame
/// it is first confirmed.
/// </summary>
internal sealed class LateDetectionCondition(TriggerConfig rule, int maxTracks) : TriggerCondition(rule)
{
    private readonly TrackMemory<bool> _confirmed = new(maxTracks);

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        bool fired = false;
        _confirmed.Begin();
        foreach (var t in frame.Tracks)
        {
            ref bool seen = ref _confirmed.Next(t.Id, out _);
            if (!seen && t.State == TrackState.Confirmed)
            {
                seen = true;
                double fraction = frame.ImageHeight > 0 ? (t.Box.Y2 - t.Box.Y1) / frame.ImageHeight : 0;
                if (fraction > Rule.MinHeightFraction && !fired)
                {
                    measure = new TriggerMeasure("height_fraction", fraction, "class_id", t.ClassId) { TrackId = t.Id };
                    fired = true;
                }
            }
        }
        _confirmed.End();
        return fired;
    }
}
