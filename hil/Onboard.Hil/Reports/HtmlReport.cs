using System.Globalization;
using System.Net;
using System.Text;
using Onboard.Hil.Evaluation;
using Onboard.Hil.Scenarios;

namespace Onboard.Hil.Reports;

/// <summary>
/// <c>hil run</c>'s report: one self-contained HTML page (figures as inline PNG data URIs, no external reference) —
/// the metrics, a latency histogram per stage, the per-frame latency timeline with drops and deadline misses, the
/// precision-recall curve per class and the injected events against the trigger firings. A script at the end counts
/// the figures the browser decoded into <c>#figure-check</c>, which the report's test reads from headless Chromium.
/// </summary>
public static class HtmlReport
{
    /// <summary>The page for <paramref name="scenario"/>'s run, evaluated as <paramref name="e"/>; <paramref name="deadlineMs"/> is drawn on the timeline (0: none).</summary>
    public static string Render(Scenario scenario, RecordingEvaluation e, double deadlineMs)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(e);
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>HIL report: ").Append(Html(scenario.Name)).Append("</title>\n");
        s.Append("<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}" +
            "th:first-child,td:first-child{text-align:left}img{display:block;margin:1em 0}</style></head><body>\n");
        s.Append(inv, $"<h1>HIL report: {Html(scenario.Name)}</h1>\n<p>seed {scenario.Seed}, {scenario.Width}×{scenario.Height} at {scenario.FramesPerSecond} fps, {scenario.DurationS} s, ego {scenario.EgoSpeedMps} m/s, {scenario.Signs.Count} signs, {scenario.Events.Count} events; {e.Frames} frames, {e.DroppedFrames.Count} dropped, {e.DeadlineMisses} late.</p>\n");
        s.Append(inv, $"<h2>Detection and tracking</h2>\n<table><tr><th>metric</th><th>value</th></tr><tr><td>mAP@0.5</td><td>{e.Map50:0.0000}</td></tr><tr><td>mAP@0.5:0.95</td><td>{e.Map50To95:0.0000}</td></tr>" +
            $"<tr><td>MOTA</td><td>{e.Mota:0.0000}</td></tr><tr><td>IDF1</td><td>{e.Idf1:0.0000}</td></tr><tr><td>HOTA</td><td>{e.Hota:0.0000}</td></tr><tr><td>ID switches</td><td>{e.IdSwitches}</td></tr></table>\n");
        s.Append("<table><tr><th>class</th><th>truths</th><th>detections</th><th>AP50</th><th>AP50:95</th><th>precision</th><th>recall</th><th>false positives (frames)</th><th>misses (frames)</th></tr>\n");
        foreach (ClassEvaluation c in e.PerClass)
        {
            s.Append(inv, $"<tr><td>{Html(c.ClassName)}</td><td>{c.Truths}</td><td>{c.Detections}</td><td>{c.Ap50:0.000}</td><td>{c.Ap50To95:0.000}</td><td>{c.Precision:0.000}</td><td>{c.Recall:0.000}</td>" +
                $"<td>{Frames(c.FalsePositiveFrames)}</td><td>{Frames(c.MissFrames)}</td></tr>\n");
        }
        s.Append("</table>\n");
        Figure(s, "fig-pr", "precision-recall per class", ReportPlots.PrecisionRecall(e));
        s.Append("<h2>Latency</h2>\n<table><tr><th>stage</th><th>frames</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>\n");
        foreach ((string stage, LatencyStats l) in e.Latency)
        {
            s.Append(inv, $"<tr><td>{stage}</td><td>{l.Samples}</td><td>{l.P50:0.00}</td><td>{l.P99:0.00}</td><td>{l.P999:0.00}</td><td>{l.Max:0.00}</td></tr>\n");
        }
        s.Append("</table>\n");
        Figure(s, "fig-timeline", "per-frame latency timeline", ReportPlots.Timeline(e, deadlineMs));
        foreach ((string stage, List<double> samples) in e.StageSamples)
        {
            if (samples.Count > 0)
            {
                Figure(s, "fig-latency-" + stage, stage + " latency histogram", ReportPlots.LatencyHistogram(stage, samples));
            }
        }
        Triggers(s, e.Triggers);
        Figure(s, "fig-triggers", "trigger timeline against the injected events", ReportPlots.Triggers(e, 1 / scenario.FramesPerSecond));
        s.Append("""
            <script>
            window.addEventListener("load", () => {
              const figures = [...document.querySelectorAll("img.figure")];
              const decoded = figures.filter(i => i.complete && i.naturalWidth > 0);
              const p = document.createElement("p");
              p.id = "figure-check";
              p.textContent = `figures decoded: ${decoded.length} of ${figures.length}: ${decoded.map(i => i.id).join(" ")}`;
              document.body.appendChild(p);
            });
            </script>
            </body></html>

            """);
        return s.ToString();
    }

    private static void Triggers(StringBuilder s, TriggerEvaluation t)
    {
        var inv = CultureInfo.InvariantCulture;
        s.Append("<h2>Triggers</h2>\n<p>").Append(Html(t.Note)).Append("</p>\n");
        s.Append(inv, $"<table id=\"triggers\"><tr><th>kind</th><th>firings (in clips)</th><th>holding an event</th><th>precision</th><th>events caught</th><th>recall</th></tr>\n");
        foreach (TriggerKindScore k in t.PerKind)
        {
            s.Append(inv, $"<tr><td>{Html(k.Kind)}</td><td>{k.Firings}</td><td>{k.TruePositives}</td><td>{ReportPlots.Share(k.Precision)}</td><td>{k.EventsRecalled}</td><td>{ReportPlots.Share(k.Recall)}</td></tr>\n");
        }
        s.Append(inv, $"<tr><th>all ({t.Suppressed} suppressed)</th><th>{t.Firings}</th><th>{t.TruePositives}</th><th>{ReportPlots.Share(t.Precision)}</th><th>{t.EventsRecalled} of {t.Events.Count}</th><th>{ReportPlots.Share(t.Recall)}</th></tr></table>\n");
        s.Append("<table><tr><th>event kind</th><th>events</th><th>caught</th><th>recall</th></tr>\n");
        foreach (EventKindRecall k in t.PerEventKind)
        {
            s.Append(inv, $"<tr><td>{Html(k.Kind)}</td><td>{k.Events}</td><td>{k.Recalled}</td><td>{k.Recall:0.000}</td></tr>\n");
        }
        s.Append("</table>\n");
    }

    private static void Figure(StringBuilder s, string id, string alt, byte[] png) =>
        s.Append("<img class=\"figure\" id=\"").Append(id).Append("\" alt=\"").Append(Html(alt)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\">\n");

    private static string Frames(IReadOnlyList<long> frames) =>
        frames.Count == 0 ? "" : string.Join(", ", frames.Take(30)) + (frames.Count > 30 ? $" … ({frames.Count})" : "");

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
