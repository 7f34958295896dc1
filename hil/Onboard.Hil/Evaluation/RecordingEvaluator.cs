using Onboard.Hil.Recording.Contracts;
using Onboard.Hil.Replay;
using Onboard.Kernels.Geometry;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Config;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Triggers;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// Scores a recording against its ground truth: COCO mAP of the detections (<see cref="CocoEvaluator"/>; ignored
/// truths are crowd regions), MOTA / IDF1 / HOTA of the published tracks (the tracking issue's metrics; a track over
/// an ignored truth is removed first, as MOTChallenge removes distractors), latency per stage from the frame headers
/// (end to end only when the recording ran on the live clock, not in lockstep), deadline misses, dropped frames,
/// and the trigger evaluation against the ground-truth long-tail events.
/// </summary>
public static class RecordingEvaluator
{
    public static RecordingEvaluation Evaluate(RecordingFile recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var cameras = recording.Cameras.Values.Where(c => c.Truth.Count > 0).ToList();
        if (cameras.Count == 0)
        {
            throw new RecordingException($"{recording.Path}: no /<camera>/{ClipTopics.GroundTruth} channel to evaluate against (channels: {string.Join(", ", recording.Topics.Keys)})");
        }
        bool liveClock = recording.MetadataValue("recording", "pacing") is not "lockstep";
        var truths = new List<CocoBox>();
        var detections = new List<CocoBox>();
        var motFrames = new List<MotFrame>();
        var names = new Dictionary<int, string>();
        var stages = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var timeline = new List<FrameTiming>();
        var dropped = new List<ulong>();
        var events = new List<EventRange>();
        int late = 0, frames = 0;
        for (int ci = 0; ci < cameras.Count; ci++)
        {
            RecordedCamera camera = cameras[ci];
            long imageBase = (long)ci << 40;
            long firstUtc = camera.Truth.Values.First().CaptureUtcNs;
            foreach ((ulong sequence, GroundTruthList truth) in camera.Truth)
            {
                frames++;
                long image = imageBase + (long)sequence;
                foreach (TruthObject t in truth.Objects)
                {
                    truths.Add(CocoBox.FromCorners(image, t.ClassId, t.X1, t.Y1, t.X2, t.Y2, ignore: t.Ignore));
                    names.TryAdd(t.ClassId, t.ClassName);
                }
                double timeS = (truth.CaptureUtcNs - firstUtc) / 1e9;
                if (!camera.Detections.TryGetValue(sequence, out DetectionList? list))
                {
                    dropped.Add(sequence);
                    timeline.Add(new FrameTiming(camera.Id, sequence, timeS, 0, false, true));
                }
                else
                {
                    foreach (Detection d in list.Detections)
                    {
                        detections.Add(CocoBox.FromCorners(image, d.ClassId, d.X1, d.Y1, d.X2, d.Y2, d.Score));
                    }
                    late += list.Header.Late ? 1 : 0;
                    timeline.Add(new FrameTiming(camera.Id, sequence, timeS, Stages(list.Header, liveClock, stages), list.Header.Late, false));
                }
                motFrames.Add(Mot(ci, truth, camera.Tracks.GetValueOrDefault(sequence)));
            }
            events.AddRange(Events(camera, firstUtc));
        }
        CocoResult coco = CocoEvaluator.Evaluate(truths, detections);
        MotSummary mot = MotSummary.Evaluate(motFrames);
        return new RecordingEvaluation
        {
            Recording = recording.Path,
            Frames = frames,
            Map50 = coco.Map50,
            Map50To95 = coco.Map50To95,
            PerClass = [.. coco.PerClass.Select(c => new ClassEvaluation(c.ClassId, names.GetValueOrDefault(c.ClassId, ""), c.Truths, c.Detections, c.Ap50,
                c.Ap50To95, c.Precision, c.Recall, c.FalsePositiveFrames.Select(f => f & ((1L << 40) - 1)).ToList(),
                c.MissFrames.Select(f => f & ((1L << 40) - 1)).ToList(), c.PrecisionAtRecall))],
            Mota = mot.Clear.Mota,
            Idf1 = mot.Identity.Idf1,
            Hota = mot.Hota.Hota,
            IdSwitches = mot.Clear.IdSwitches,
            Latency = stages.ToDictionary(s => s.Key, s => LatencyStats.Of(s.Value)),
            DeadlineMisses = late,
            DroppedFrames = dropped,
            Triggers = Triggers(recording, cameras, events),
            Timeline = timeline,
            StageSamples = stages,
        };
    }

    /// <summary>Adds each stage's duration (ms); returns end-to-end (capture → published) on a live clock, else 0.</summary>
    private static double Stages(FrameHeader header, bool liveClock, Dictionary<string, List<double>> stages)
    {
        long lastEnd = 0;
        foreach (StageTiming s in header.Stages)
        {
            string name = s.Stage.ToString().ToLowerInvariant();
            if (!stages.TryGetValue(name, out List<double>? list))
            {
                stages[name] = list = [];
            }
            list.Add((s.EndMonoNs - s.StartMonoNs) / 1e6);
            lastEnd = Math.Max(lastEnd, s.EndMonoNs);
        }
        if (!liveClock || lastEnd == 0)
        {
            return 0;
        }
        double e2e = (lastEnd - header.CaptureMonoNs) / 1e6;
        if (!stages.TryGetValue("end_to_end", out List<double>? all))
        {
            stages["end_to_end"] = all = [];
        }
        all.Add(e2e);
        return e2e;
    }

    private static MotFrame Mot(int camera, GroundTruthList truth, TrackList? tracks)
    {
        int offset = camera * 1_000_000;
        var gt = new List<(int, int, BoxF)>();
        var ignored = new List<(int ClassId, BoxF Box)>();
        foreach (TruthObject t in truth.Objects)
        {
            var box = new BoxF(t.X1, t.Y1, t.X2, t.Y2);
            if (t.Ignore)
            {
                ignored.Add((t.ClassId, box));
            }
            else
            {
                gt.Add((offset + (int)t.Id, t.ClassId, box));
            }
        }
        var tr = new List<(int, int, BoxF)>();
        foreach (Track t in tracks?.Tracks ?? [])
        {
            var box = new BoxF(t.X1, t.Y1, t.X2, t.Y2);
            if (!ignored.Exists(i => i.ClassId == t.ClassId && MotFrame.IoU(i.Box, box) >= 0.5))
            {
                tr.Add((offset + (int)t.Id, t.ClassId, box));
            }
        }
        return MotFrame.FromBoxes(gt, tr);
    }

    /// <summary>Each event's runs of consecutive frames on this camera.</summary>
    private static List<EventRange> Events(RecordedCamera camera, long firstUtc)
    {
        var ranges = new List<EventRange>();
        var open = new Dictionary<string, (ulong First, ulong Last, long FirstUtc, long LastUtc)>(StringComparer.Ordinal);
        foreach ((ulong sequence, GroundTruthList truth) in camera.Truth)
        {
            foreach (string name in open.Keys.Except(truth.Events).ToList())
            {
                Close(name);
            }
            foreach (string name in truth.Events)
            {
                open[name] = open.TryGetValue(name, out var r) ? (r.First, sequence, r.FirstUtc, truth.CaptureUtcNs) : (sequence, sequence, truth.CaptureUtcNs, truth.CaptureUtcNs);
            }
        }
        foreach (string name in open.Keys.ToList())
        {
            Close(name);
        }
        ranges.Sort((a, b) => a.FirstFrame != b.FirstFrame ? a.FirstFrame.CompareTo(b.FirstFrame) : string.CompareOrdinal(a.Name, b.Name));
        return ranges;

        void Close(string name)
        {
            var r = open[name];
            ranges.Add(new EventRange(name, camera.Id, r.First, r.Last, (r.FirstUtc - firstUtc) / 1e9, (r.LastUtc - firstUtc) / 1e9, r.FirstUtc, r.LastUtc));
            open.Remove(name);
        }
    }

    /// <summary>The evaluated cameras' firings scored against their events, each rule's window read from the recorded run config.</summary>
    private static TriggerEvaluation Triggers(RecordingFile recording, List<RecordedCamera> cameras, List<EventRange> events)
    {
        var firings = cameras.SelectMany(c => c.Triggers).OrderBy(f => f.Header.CaptureUtcNs).ToList();
        var windows = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        string note = "";
        if (recording.MetadataValue("run_config", "json") is not { } json)
        {
            note = "no run_config metadata: rule windows unknown, firings matched with no tolerance; ";
        }
        else if (ConfigReader.Parse(json, Path.GetDirectoryName(Path.GetFullPath(recording.Path))!, out List<ConfigError> errors) is not { } config)
        {
            note = $"run_config metadata unreadable ({errors.FirstOrDefault()}): rule windows unknown, firings matched with no tolerance; ";
        }
        else
        {
            if (config.Triggers.Count == 0 && firings.Count == 0)
            {
                return new TriggerEvaluation { Recorded = false, Events = events, Note = "the run config has no trigger rules: nothing fired, nothing to score" };
            }
            foreach (TriggerConfig rule in config.Triggers)
            {
                windows[rule.Id] = (rule.PreSeconds, rule.PostSeconds);
            }
        }
        var firstUtc = cameras.ToDictionary(c => c.Id, c => c.Truth.Values.First().CaptureUtcNs, StringComparer.Ordinal);
        return TriggerScorer.Score(events, firings, windows, firstUtc, note);
    }
}
