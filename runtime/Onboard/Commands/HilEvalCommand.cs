using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Onboard.Hil.Evaluation;
using Onboard.Hil.Replay;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard hil eval run.mcap [--json]</c>: a recording scored against its ground truth — mAP@0.5 and
/// mAP@0.5:0.95 (pycocotools' definition), per class AP / precision / recall with the frames of false positives and
/// misses, MOTA / IDF1 / HOTA, latency per stage p50 / p99 / p99.9, deadline misses, dropped frames, triggers.
/// Exit 2 when the file cannot be read or has no ground truth.
/// </summary>
internal static class HilEvalCommand
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create()
    {
        var input = new Argument<string>("recording") { Description = "A recording with ground truth (onboard record on a scenario or sim camera, hil run)" };
        var json = new Option<bool>("--json") { Description = "One JSON object (map50, map50_95, per_class, mota, idf1, hota, latency, triggers, …)" };
        var command = new Command("eval", "Score a recording against its ground truth") { input, json };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(string file, bool json)
    {
        if (Evaluate(file, "hil eval") is not { } e)
        {
            return 2;
        }
        Console.WriteLine(json ? JsonSerializer.Serialize(e, Json) : Text(e));
        return 0;
    }

    /// <summary>The recording's evaluation, or null after saying on stderr why it cannot be read or scored.</summary>
    internal static RecordingEvaluation? Evaluate(string file, string verb)
    {
        try
        {
            return RecordingEvaluator.Evaluate(RecordingFile.Read(file, images: false));
        }
        catch (RecordingException error)
        {
            Console.Error.WriteLine($"{verb}: {error.Message}");
            return null;
        }
    }

    internal static string Text(RecordingEvaluation e)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new System.Text.StringBuilder();
        s.AppendLine(inv, $"recording {e.Recording}: {e.Frames} frames, {e.DroppedFrames.Count} dropped, {e.DeadlineMisses} late");
        s.AppendLine(inv, $"map50 {e.Map50:0.0000}  map50_95 {e.Map50To95:0.0000}");
        foreach (ClassEvaluation c in e.PerClass)
        {
            s.AppendLine(inv, $"class {c.ClassId} {c.ClassName}: truths={c.Truths} detections={c.Detections} ap50={c.Ap50:0.0000} ap50_95={c.Ap50To95:0.0000} " +
                $"precision={c.Precision:0.000} recall={c.Recall:0.000} false-positives@frames=[{string.Join(",", c.FalsePositiveFrames.Take(20))}] misses@frames=[{string.Join(",", c.MissFrames.Take(20))}]");
        }
        s.AppendLine(inv, $"mota {e.Mota:0.0000}  idf1 {e.Idf1:0.0000}  hota {e.Hota:0.0000}  id-switches {e.IdSwitches}");
        foreach ((string stage, LatencyStats l) in e.Latency)
        {
            s.AppendLine(inv, $"latency {stage}: n={l.Samples} p50={l.P50:0.00} p99={l.P99:0.00} p99.9={l.P999:0.00} max={l.Max:0.00} ms");
        }
        TriggerEvaluation t = e.Triggers;
        s.AppendLine(inv, $"triggers: recall {Share(t.Recall)} ({t.EventsRecalled} of {t.Events.Count} events caught)  precision {Share(t.Precision)} ({t.TruePositives} of {t.Firings} firings in clips hold an event; {t.Suppressed} suppressed)");
        foreach (TriggerKindScore k in t.PerKind)
        {
            s.AppendLine(inv, $"trigger {k.Kind}: firings={k.Firings} holding-an-event={k.TruePositives} precision={Share(k.Precision)} events-caught={k.EventsRecalled} recall={Share(k.Recall)}");
        }
        s.Append(inv, $"triggers: {t.Note}");
        return s.ToString();
    }

    private static string Share(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a";
}
