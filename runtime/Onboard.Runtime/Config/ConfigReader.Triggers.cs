using System.Globalization;
using System.Text.Json;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Clips.Recording;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Config;

/// <summary>
/// The <c>triggers</c> list (issue 12): each rule's common fields, its kind's own parameters (a parameter of another
/// kind is an unknown field), and the checks that keep a rule from being silently clamped: a window longer than the
/// camera's pre-buffer holds, a zero budget, an unknown kind, camera or class are errors naming the field.
/// </summary>
public static partial class ConfigReader
{
    /// <summary>What a camera's source is assumed to deliver when the config does not say (shm, pipe, ffmpeg).</summary>
    private const int AssumedWidth = 1280, AssumedHeight = 720;
    private const double AssumedFps = 30;

    private static List<TriggerConfig> ReadTriggers(JsonFields root, Dictionary<string, ModelConfig> models, List<CameraConfig> cameras,
        ClipsConfig clips, List<ConfigError> errors)
    {
        var rules = new List<TriggerConfig>();
        if (!root.TryGet("triggers", out JsonElement element))
        {
            return rules;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            root.Error("triggers", $"expected an array of trigger rules, got {JsonFields.Describe(element)}");
            return rules;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            JsonFields? f = JsonFields.Of(item, $"triggers[{index++}]", errors);
            if (f is null)
            {
                continue;
            }
            if (ReadTrigger(f, models, cameras, clips, errors) is { } rule)
            {
                if (!ids.Add(rule.Id))
                {
                    f.Error("id", $"\"{rule.Id}\" is used by another trigger");
                }
                rules.Add(rule);
            }
            f.Finish();
        }
        return rules;
    }

    private static TriggerConfig? ReadTrigger(JsonFields f, Dictionary<string, ModelConfig> models, List<CameraConfig> cameras,
        ClipsConfig clips, List<ConfigError> errors)
    {
        string? id = f.String("id", required: true);
        if (id is not null && !IsTopicSafe(id))
        {
            f.Error("id", $"\"{id}\" may hold only letters, digits, '-', '_' and '.'");
        }
        string? kindName = f.String("kind", required: true);
        TriggerKind kind = default;
        if (kindName is not null && !TriggerKinds.TryParse(kindName, out kind))
        {
            f.Error("kind", $"unknown trigger kind \"{kindName}\" (known: {string.Join(", ", TriggerKinds.Names)})");
            kindName = null;
        }
        List<string> cameraIds = f.Strings("cameras");
        for (int i = 0; i < cameraIds.Count; i++)
        {
            if (!cameras.Exists(c => c.Id == cameraIds[i]))
            {
                errors.Add(new ConfigError($"{f.At("cameras")}[{i}]", $"no camera \"{cameraIds[i]}\" in cameras (known: {string.Join(", ", cameras.Select(c => c.Id))})"));
            }
        }
        var d = new TriggerConfig { Id = id ?? "", Kind = kind };
        var rule = d with
        {
            Cameras = cameraIds,
            PreSeconds = f.Number("preSeconds", d.PreSeconds, 0, 3600),
            PostSeconds = f.Number("postSeconds", d.PostSeconds, 0, 3600),
            CooldownSeconds = f.Number("cooldownSeconds", d.CooldownSeconds, 0, 86_400),
            MaxPerHour = Budget(f, "maxPerHour", d.MaxPerHour, 100_000),
            MaxPerDay = Budget(f, "maxPerDay", d.MaxPerDay, 100_000),
            Priority = f.Integer("priority", d.Priority, 0, 9),
        };
        if (rule.MaxPerHour > rule.MaxPerDay)
        {
            f.Error("maxPerHour", $"{rule.MaxPerHour} exceeds maxPerDay ({rule.MaxPerDay}): the hourly budget could never be spent");
        }
        if (kindName is null || id is null)
        {
            return null;
        }
        rule = ReadKindParameters(f, rule, errors);
        List<CameraConfig> applies = cameras.FindAll(c => rule.AppliesTo(c.Id));
        CheckClasses(f, rule, applies, models, errors);
        if (rule.Kind == TriggerKind.ShadowDisagreement)
        {
            foreach (CameraConfig c in applies)
            {
                if (c.Shadow is null)
                {
                    f.Error("cameras", $"camera \"{c.Id}\" has no shadow model (cameras[].shadow), which shadowDisagreement compares against");
                }
            }
        }
        CheckPreBuffer(f, rule, applies, clips);
        return rule;
    }

    private static int Budget(JsonFields f, string name, int fallback, int max)
    {
        if (f.TryGet(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n == 0)
        {
            f.Error(name, "is 0: a rule that may never cut a clip is a mistake (remove the rule instead)");
            return fallback;
        }
        return f.Integer(name, fallback, 1, max);
    }

    private static TriggerConfig ReadKindParameters(JsonFields f, TriggerConfig d, List<ConfigError> errors)
    {
        switch (d.Kind)
        {
            case TriggerKind.LowConfidence:
                var low = d with
                {
                    Min = f.Number("min", d.Min, 0, 1),
                    Max = f.Number("max", d.Max, 0, 1),
                    Frames = f.Integer("frames", d.Frames, 1, 100_000),
                };
                if (low.Min >= low.Max)
                {
                    f.Error("max", $"must be greater than min (the band is [min, max): got [{F(low.Min)}, {F(low.Max)}))");
                }
                return low;
            case TriggerKind.RareClass:
                var rare = d with
                {
                    Classes = f.Strings("classes"),
                    WindowSeconds = f.Number("windowSeconds", d.WindowSeconds, 0, 86_400, exclusiveMin: true),
                    BelowFraction = f.Number("belowFraction", d.BelowFraction, 0, 1),
                };
                if (rare.Classes.Count == 0 && rare.BelowFraction == 0)
                {
                    f.Error("classes", "give classes, belowFraction (> 0), or both: otherwise nothing is rare");
                }
                return rare;
            case TriggerKind.ShadowDisagreement:
                return d with
                {
                    Iou = f.Number("iou", d.Iou, 0, 1, exclusiveMin: true),
                    MinDifferences = f.Integer("minDifferences", d.MinDifferences, 1, 10_000),
                    Frames = f.Integer("frames", d.Frames, 1, 100_000),
                };
            case TriggerKind.TrackFlicker:
                return d with
                {
                    Times = f.Integer("times", d.Times, 1, TriggerLimits.MaxFlickerTimes),
                    WindowSeconds = f.Number("windowSeconds", d.WindowSeconds, 0, 86_400, exclusiveMin: true),
                };
            case TriggerKind.LateDetection:
                return d with { MinHeightFraction = f.Number("minHeightFraction", d.MinHeightFraction, 0, 1, exclusiveMin: true) };
            case TriggerKind.DeadlineMiss:
                return d with
                {
                    Count = f.Integer("count", d.Count, 1, TriggerLimits.MaxWindowFrames),
                    WindowSeconds = f.Number("windowSeconds", d.WindowSeconds, 0, 86_400, exclusiveMin: true),
                };
            case TriggerKind.LatencySpike:
                return d with
                {
                    Ms = f.Number("ms", d.Ms, 0, 60_000, exclusiveMin: true),
                    WindowSeconds = f.Number("windowSeconds", d.WindowSeconds, 0, 600, exclusiveMin: true),
                };
            case TriggerKind.Periodic:
                var periodic = d with
                {
                    EverySeconds = f.Number("everySeconds", d.EverySeconds, 0, 86_400 * 7),
                    Probability = f.Number("probability", d.Probability, 0, 1),
                    Seed = f.Integer("seed", d.Seed, int.MinValue, int.MaxValue),
                };
                if ((periodic.EverySeconds > 0) == (periodic.Probability > 0))
                {
                    f.Error("everySeconds", "give exactly one of everySeconds (> 0) or probability (> 0)");
                }
                return periodic;
            default:
                return d; // classFlip and manual have no parameters of their own
        }
    }

    private static void CheckClasses(JsonFields f, TriggerConfig rule, List<CameraConfig> cameras, Dictionary<string, ModelConfig> models,
        List<ConfigError> errors)
    {
        for (int i = 0; i < rule.Classes.Count; i++)
        {
            foreach (CameraConfig c in cameras)
            {
                if (!models.TryGetValue(c.Model, out ModelConfig? m))
                {
                    continue;
                }
                IReadOnlyList<string> known = m.Classes.Count > 0 ? m.Classes
                    : m.Builtin == BuiltinSyntheticSigns ? SyntheticSignCatalog.ClassNames : [];
                // A model file's classes come from its manifest, read at start: checked there, not here.
                if (known.Count > 0 && !known.Contains(rule.Classes[i]))
                {
                    errors.Add(new ConfigError($"{f.At("classes")}[{i}]",
                        $"model \"{m.Name}\" of camera \"{c.Id}\" has no class \"{rule.Classes[i]}\" (known: {string.Join(", ", known)})"));
                    break;
                }
            }
        }
    }

    /// <summary>A rule's preSeconds must fit each of its cameras' pre-buffer, or its clips would silently start later.</summary>
    private static void CheckPreBuffer(JsonFields f, TriggerConfig rule, List<CameraConfig> cameras, ClipsConfig clips)
    {
        long bufferBytes = (long)(clips.PreBufferMb * 1024 * 1024);
        foreach (CameraConfig c in cameras)
        {
            bool known = c.Source.Kind == SourceKind.Sim;
            int w = known ? c.Source.Width : AssumedWidth, h = known ? c.Source.Height : AssumedHeight;
            double fps = known ? c.Source.FramesPerSecond : AssumedFps;
            (int rw, int rh) = FrameCost.Recorded(w, h, clips.Width);
            double holds = FrameCost.Seconds(bufferBytes, rw, rh, fps, clips.JpegQuality);
            if (rule.PreSeconds > holds)
            {
                long frame = FrameCost.BytesPerFrame(rw, rh, clips.JpegQuality);
                f.Error("preSeconds", string.Create(CultureInfo.InvariantCulture,
                    $"{F(rule.PreSeconds)} s exceeds clips.preBufferMb ({F(clips.PreBufferMb)} MB holds about {holds:0.#} s of camera \"{c.Id}\": {rw}x{rh} at {F(fps)} fps{(known ? "" : " (assumed)")}, ~{frame / 1024} KB per frame at jpegQuality {clips.JpegQuality}); raise clips.preBufferMb to at least {Math.Ceiling(rule.PreSeconds * fps * frame / (1024.0 * 1024))} or lower clips.width"));
                return;
            }
        }
    }

    private static string F(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
