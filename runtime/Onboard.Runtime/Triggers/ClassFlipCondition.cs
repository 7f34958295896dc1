
namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>classFlip</c>: a track's class changes — the tracker counts it (<c>TrackSnapshot.ClassFlips</c>, possible when
/// it matches across classes). Fires on every increase of a track's count.
/// </summary>
internal sealed class ClassFlipCondition(TriggerConfig rule, int maxTracks) : TriggerCondition(rule)
{
    private readonly TrackMemory<int> _flips = new(maxTracks);

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        bool fired = false;
        _flips.Begin();
        foreach (var t in frame.Tracks)
        {
            ref int flips = ref _flips.Next(t.Id, out bool known);
            if (known && t.ClassFlips > flips && !fired)
            {
                measure = new TriggerMeasure("class_flips", t.ClassFlips, "class_id", t.ClassId) { TrackId = t.Id };
                fired = true;
            }
            flips = t.ClassFlips;
        }
        _flips.End();
        return fired;
    }
}
