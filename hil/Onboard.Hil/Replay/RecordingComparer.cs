using Onboard.Runtime.Clips;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Hil.Replay;

/// <summary>
/// Compares a new recording with a reference, as openpilot's process_replay does: per camera and topic, frames
/// matched by sequence — missing and extra frames, detections (same count; each reference detection matched to an
/// unused new one of its class with every corner within the box tolerance and the score within the score
/// tolerance), tracks (same ids; class, box and score per id), and the trigger firings (per frame and rule id). Wall-clock fields
/// (stage timestamps, health) are not compared: they measure the run, not its output.
/// </summary>
public static class RecordingComparer
{
    public static ComparisonResult Compare(RecordingFile reference, RecordingFile candidate, CompareTolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(tolerance);
        var result = new ComparisonResult();
        result.LineageWarnings.AddRange(LineageDifference.Models(reference.Lineage.Models, candidate.Lineage.Models));
        foreach (string id in reference.Cameras.Keys.Union(candidate.Cameras.Keys).Order(StringComparer.Ordinal))
        {
            RecordedCamera a = reference.Cameras.GetValueOrDefault(id) ?? new RecordedCamera(id);
            RecordedCamera b = candidate.Cameras.GetValueOrDefault(id) ?? new RecordedCamera(id);
            Frames(result, ClipTopics.Topic(id, ClipTopics.Image), a.Images.Select(i => i.Sequence).ToHashSet(), b.Images.Select(i => i.Sequence).ToHashSet());
            Pairs(result, ClipTopics.Topic(id, ClipTopics.Detections), a.Detections, b.Detections, (x, y, w) => Detections(x, y, tolerance, w));
            Pairs(result, ClipTopics.Topic(id, ClipTopics.Shadow), a.Shadow, b.Shadow, (x, y, w) => Detections(x, y, tolerance, w));
            Pairs(result, ClipTopics.Topic(id, ClipTopics.Tracks), a.Tracks, b.Tracks, (x, y, w) => Tracks(x, y, tolerance, w));
            Triggers(result, a, b);
        }
        return result;
    }

    /// <summary>
    /// Each firing matched by frame and rule id (a rule fires at most once per frame): fired in one recording only,
    /// or fired in both but suppressed differently (cooldowns and budgets follow from the earlier firings).
    /// </summary>
    private static void Triggers(ComparisonResult result, RecordedCamera a, RecordedCamera b)
    {
        if (a.Triggers.Count == 0 && b.Triggers.Count == 0)
        {
            return;
        }
        TopicComparison t = result.Topic(ClipTopics.Triggers);
        var theirs = new Dictionary<(ulong, string), TriggerEvent>();
        var extra = new List<TriggerEvent>();
        foreach (TriggerEvent u in b.Triggers)
        {
            if (!theirs.TryAdd((u.Header.Sequence, u.TriggerId), u))
            {
                extra.Add(u);
            }
        }
        foreach (TriggerEvent e in a.Triggers)
        {
            if (!theirs.Remove((e.Header.Sequence, e.TriggerId), out TriggerEvent? u))
            {
                t.Missing++;
                result.Differences.Add(new RecordingDifference(ClipTopics.Triggers, e.Header.Sequence, $"camera {a.Id}: {Describe(e)} fired in the reference, not in the new recording"));
            }
            else if (u.Suppressed != e.Suppressed)
            {
                t.Differing++;
                result.Differences.Add(new RecordingDifference(ClipTopics.Triggers, e.Header.Sequence, $"camera {a.Id}: {Describe(e)} → {Describe(u)}"));
            }
            else
            {
                t.Compared++;
            }
        }
        extra.AddRange(theirs.Values);
        foreach (TriggerEvent u in extra.OrderBy(u => u.Header.Sequence))
        {
            t.Extra++;
            result.Differences.Add(new RecordingDifference(ClipTopics.Triggers, u.Header.Sequence, $"camera {a.Id}: {Describe(u)} fired in the new recording only"));
        }
    }

    private static string Describe(TriggerEvent e) =>
        $"trigger {e.TriggerId} ({e.Kind}){(e.Suppressed == TriggerSuppression.None ? "" : ", suppressed " + e.Suppressed.ToString().ToLowerInvariant())}";

    private static void Frames(ComparisonResult result, string topic, HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return;
        }
        TopicComparison t = result.Topic(topic);
        foreach (ulong s in a.Order())
        {
            if (b.Contains(s))
            {
                t.Compared++;
            }
            else
            {
                t.Missing++;
                result.Differences.Add(new RecordingDifference(topic, s, "missing from the new recording"));
            }
        }
        foreach (ulong s in b.Order())
        {
            if (!a.Contains(s))
            {
                t.Extra++;
                result.Differences.Add(new RecordingDifference(topic, s, "extra in the new recording"));
            }
        }
    }

    private static void Pairs<T>(ComparisonResult result, string topic, SortedDictionary<ulong, T> a, SortedDictionary<ulong, T> b,
        Action<T, T, List<string>> compare)
    {
        Frames(result, topic, [.. a.Keys], [.. b.Keys]);
        var what = new List<string>();
        foreach ((ulong sequence, T x) in a)
        {
            if (!b.TryGetValue(sequence, out T? y))
            {
                continue;
            }
            what.Clear();
            compare(x, y, what);
            if (what.Count > 0)
            {
                result.Topic(topic).Differing++;
                foreach (string w in what)
                {
                    result.Differences.Add(new RecordingDifference(topic, sequence, w));
                }
            }
        }
    }

    private static void Detections(DetectionList a, DetectionList b, CompareTolerance tol, List<string> what)
    {
        if (a.Detections.Count != b.Detections.Count)
        {
            what.Add($"{a.Detections.Count} detections in the reference, {b.Detections.Count} in the new recording");
        }
        var used = new bool[b.Detections.Count];
        for (int i = 0; i < a.Detections.Count; i++)
        {
            Detection d = a.Detections[i];
            int match = -1;
            for (int j = 0; j < b.Detections.Count && match < 0; j++)
            {
                Detection e = b.Detections[j];
                if (!used[j] && e.ClassId == d.ClassId && Near(d.X1, d.Y1, d.X2, d.Y2, e.X1, e.Y1, e.X2, e.Y2, tol.BoxPx) && Math.Abs(e.Score - d.Score) <= tol.Score)
                {
                    match = j;
                }
            }
            if (match < 0)
            {
                what.Add($"detection {i} ({Describe(d.ClassId, d.X1, d.Y1, d.X2, d.Y2, d.Score)}) has no counterpart within tolerance{Closest(d, b)}");
            }
            else
            {
                used[match] = true;
            }
        }
    }

    private static void Tracks(TrackList a, TrackList b, CompareTolerance tol, List<string> what)
    {
        var byId = b.Tracks.ToDictionary(t => t.Id);
        foreach (Track t in a.Tracks)
        {
            if (!byId.Remove(t.Id, out Track? u))
            {
                what.Add($"track {t.Id} ({Describe(t.ClassId, t.X1, t.Y1, t.X2, t.Y2, t.Score)}) is missing from the new recording");
            }
            else if (u.ClassId != t.ClassId || !Near(t.X1, t.Y1, t.X2, t.Y2, u.X1, u.Y1, u.X2, u.Y2, tol.BoxPx) || Math.Abs(u.Score - t.Score) > tol.Score)
            {
                what.Add($"track {t.Id}: {Describe(t.ClassId, t.X1, t.Y1, t.X2, t.Y2, t.Score)} → {Describe(u.ClassId, u.X1, u.Y1, u.X2, u.Y2, u.Score)}");
            }
        }
        foreach (Track u in byId.Values)
        {
            what.Add($"track {u.Id} ({Describe(u.ClassId, u.X1, u.Y1, u.X2, u.Y2, u.Score)}) is extra in the new recording");
        }
    }

    private static string Closest(Detection d, DetectionList b)
    {
        Detection? best = null;
        double bestGap = double.MaxValue;
        foreach (Detection e in b.Detections)
        {
            double gap = Math.Max(Math.Max(Math.Abs(e.X1 - d.X1), Math.Abs(e.Y1 - d.Y1)), Math.Max(Math.Abs(e.X2 - d.X2), Math.Abs(e.Y2 - d.Y2)));
            if (e.ClassId == d.ClassId && gap < bestGap)
            {
                (best, bestGap) = (e, gap);
            }
        }
        return best is null ? "" : $"; nearest of its class: {Describe(best.ClassId, best.X1, best.Y1, best.X2, best.Y2, best.Score)}";
    }

    private static bool Near(float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2, double tol) =>
        Math.Abs(ax1 - bx1) <= tol && Math.Abs(ay1 - by1) <= tol && Math.Abs(ax2 - bx2) <= tol && Math.Abs(ay2 - by2) <= tol;

    private static string Describe(int classId, float x1, float y1, float x2, float y2, float score) =>
        FormattableString.Invariant($"class {classId} [{x1:0.##}, {y1:0.##}, {x2:0.##}, {y2:0.##}] score {score:0.####}");
}
