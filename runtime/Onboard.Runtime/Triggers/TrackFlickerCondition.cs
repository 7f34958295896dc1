using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>trackFlicker</c>: a confirmed track is lost and found again ≥ <c>times</c> within <c>windowSeconds</c>. Each
/// track remembers its last <c>times</c> re-finds; it fires when the oldest of them is inside the window, and that
/// track starts counting afresh.
/// </summary>
internal sealed class TrackFlickerCondition : TriggerCondition
{
    private readonly TrackMemory<State> _tracks;
    private readonly long[] _refinds;   // [slot of the track's state × times], a ring per track
    private readonly int _times;
    private int _nextSlot;

    public TrackFlickerCondition(TriggerConfig rule, int maxTracks) : base(rule)
    {
        _times = rule.Times;
        _tracks = new TrackMemory<State>(maxTracks);
        // Slots are handed out round robin; a slot is reused only after 2 × maxTracks newer tracks, long after its track died.
        _refinds = new long[2 * maxTracks * _times];
    }

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        bool fired = false;
        _tracks.Begin();
        foreach (var t in frame.Tracks)
        {
            ref State s = ref _tracks.Next(t.Id, out bool known);
            if (!known)
            {
                s.Slot = _nextSlot;
                _nextSlot = (_nextSlot + 1) % (_refinds.Length / _times);
            }
            if (known && s.Last == TrackState.Lost && t.State == TrackState.Confirmed)
            {
                int at = s.Slot * _times;
                _refinds[at + (s.Refinds % _times)] = frame.CaptureMonoNs;
                s.Refinds++;
                // With at least `times` re-finds, the slot written next holds the oldest of the last `times`.
                long oldest = _refinds[at + (s.Refinds % _times)];
                if (!fired && s.Refinds >= _times && frame.CaptureMonoNs - oldest <= Ns(Rule.WindowSeconds))
                {
                    measure = new TriggerMeasure("refinds", _times, "seconds", (frame.CaptureMonoNs - oldest) / 1e9) { TrackId = t.Id };
                    s.Refinds = 0;
                    fired = true;
                }
            }
            s.Last = t.State;
        }
        _tracks.End();
        return fired;
    }

    private struct State
    {
        public TrackState Last;
        public int Slot;
        public int Refinds;
    }
}
