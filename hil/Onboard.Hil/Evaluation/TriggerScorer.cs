using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// Scores trigger firings against the ground-truth long-tail events, as the issue asks: was each injected event caught
/// in a clip, and what share of clips hold one. A firing at capture time t of a rule with <c>preSeconds</c> P and
/// <c>postSeconds</c> Q cuts the clip [t − P, t + Q]; it catches an event of its camera whose frames span [first, last]
/// when the two overlap — first − Q ≤ t ≤ last + P, both ends included. So the rule's own window is the tolerance: a
/// firing a little after the event still holds it in its pre-buffer, one a little before holds it in its post part.
/// An event is recalled when some admitted firing catches it; an admitted firing is a true positive when it catches
/// some event. A firing a cooldown or budget suppressed cuts no clip: listed and counted, not scored. Times are the
/// frames' capture times in ns, so the boundaries are exact.
/// </summary>
internal static class TriggerScorer
{
    public const string Matching = "an event is caught when an admitted firing's clip window [t - preSeconds, t + postSeconds] overlaps its frames; " +
        "precision is the share of admitted firings whose window holds an event; suppressed firings cut no clip and are not scored";

    /// <param name="events">The ground-truth events (their first and last frames' capture times).</param>
    /// <param name="firings">The recorded firings, in time order.</param>
    /// <param name="windows">Each rule id's (preSeconds, postSeconds); a rule not in it is matched with no tolerance.</param>
    /// <param name="firstUtcNs">Each camera's first frame capture time: the zero of <c>time_s</c>.</param>
    /// <param name="note">Said before <see cref="Matching"/> in the result's note.</param>
    public static TriggerEvaluation Score(IReadOnlyList<EventRange> events, IReadOnlyList<TriggerEvent> firings,
        IReadOnlyDictionary<string, (double Pre, double Post)> windows, IReadOnlyDictionary<string, long> firstUtcNs, string note)
    {
        var caughtBy = events.Select(_ => new SortedSet<string>(StringComparer.Ordinal)).ToArray();
        var kinds = new SortedDictionary<string, KindTally>(StringComparer.Ordinal);
        var fired = new List<TriggerFiringScore>(firings.Count);
        int admitted = 0, truePositives = 0, suppressed = 0;
        foreach (TriggerEvent f in firings)
        {
            string camera = f.Header.CameraId;
            long t = f.Header.CaptureUtcNs;
            bool isSuppressed = f.Suppressed != TriggerSuppression.None;
            if (!kinds.TryGetValue(f.Kind, out KindTally? kind))
            {
                kinds[f.Kind] = kind = new KindTally();
            }
            var names = new List<string>();
            if (isSuppressed)
            {
                suppressed++;
            }
            else
            {
                (double pre, double post) = windows.GetValueOrDefault(f.TriggerId);
                long preNs = (long)Math.Round(pre * 1e9), postNs = (long)Math.Round(post * 1e9);
                for (int i = 0; i < events.Count; i++)
                {
                    EventRange e = events[i];
                    if (e.Camera == camera && e.FirstUtcNs - postNs <= t && t <= e.LastUtcNs + preNs)
                    {
                        names.Add(e.Name);
                        caughtBy[i].Add(f.TriggerId);
                        kind.Events.Add(i);
                    }
                }
                admitted++;
                kind.Firings++;
                if (names.Count > 0)
                {
                    truePositives++;
                    kind.TruePositives++;
                }
            }
            fired.Add(new TriggerFiringScore(camera, f.Header.Sequence, (t - firstUtcNs.GetValueOrDefault(camera, t)) / 1e9, f.TriggerId, f.Kind,
                f.ClipId, isSuppressed, names));
        }
        var scored = events.Select((e, i) => e with { CaughtBy = [.. caughtBy[i]] }).ToList();
        int recalled = scored.Count(e => e.Recalled);
        return new TriggerEvaluation
        {
            Recorded = true,
            Recall = Share(recalled, events.Count),
            Precision = Share(truePositives, admitted),
            Firings = admitted,
            TruePositives = truePositives,
            Suppressed = suppressed,
            EventsRecalled = recalled,
            PerKind = [.. kinds.Select(k => new TriggerKindScore(k.Key, k.Value.Firings, k.Value.TruePositives, Share(k.Value.TruePositives, k.Value.Firings),
                k.Value.Events.Count, Share(k.Value.Events.Count, events.Count)))],
            PerEventKind = [.. scored.GroupBy(e => e.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new EventKindRecall(g.Key, g.Count(), g.Count(e => e.Recalled), g.Count(e => e.Recalled) / (double)g.Count()))],
            Events = scored,
            Fired = fired,
            Note = note + Matching,
        };
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : part / (double)whole;

    private sealed class KindTally
    {
        public int Firings;
        public int TruePositives;
        public readonly HashSet<int> Events = [];
    }
}
