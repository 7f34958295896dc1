using System.Text.Json;
using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Config;

/// <summary>
/// A tracker section: <c>cameras[].tracker</c> in the run config, or the whole of <c>onboard track</c>'s
/// <c>tracker.json</c> — the same fields. Types are checked here, ranges and cross-field rules by
/// <see cref="TrackerSettings.Validate"/>, so both report the same errors, each under its full path.
/// </summary>
public static partial class ConfigReader
{
    /// <summary>
    /// The tracker settings in <paramref name="element"/> (a JSON object) found at <paramref name="path"/>
    /// (e.g. <c>cameras[0].tracker</c>; empty for a file's root). Fields left out keep their defaults. Returns null
    /// when anything is wrong, each problem added to <paramref name="errors"/>.
    /// </summary>
    public static TrackerSettings? ReadTracker(JsonElement element, string path, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        int before = errors.Count;
        JsonFields? f = JsonFields.Of(element, path, errors);
        if (f is null)
        {
            return null;
        }
        var d = new TrackerSettings();
        var settings = d with
        {
            HighThreshold = Any(f, "highThreshold", d.HighThreshold),
            LowThreshold = Any(f, "lowThreshold", d.LowThreshold),
            NewTrackThreshold = Any(f, "newTrackThreshold", d.NewTrackThreshold),
            MatchThreshold = Any(f, "matchThreshold", d.MatchThreshold),
            SecondMatchThreshold = Any(f, "secondMatchThreshold", d.SecondMatchThreshold),
            UnconfirmedMatchThreshold = Any(f, "unconfirmedMatchThreshold", d.UnconfirmedMatchThreshold),
            FuseScore = f.Boolean("fuseScore", d.FuseScore),
            BufferSeconds = Any(f, "bufferSeconds", d.BufferSeconds),
            DuplicateIoU = Any(f, "duplicateIoU", d.DuplicateIoU),
            CrossClassMatching = f.Boolean("crossClassMatching", d.CrossClassMatching),
            MotionModel = ReadMotionModel(f, d.MotionModel),
            Horizons = ReadHorizons(f, d.Horizons, errors),
            HistoryLength = f.Integer("historyLength", d.HistoryLength, int.MinValue, int.MaxValue),
            MaxTracks = f.Integer("maxTracks", d.MaxTracks, int.MinValue, int.MaxValue),
            MaxDetections = f.Integer("maxDetections", d.MaxDetections, int.MinValue, int.MaxValue),
            Ground = f.TryGet("ground", out JsonElement ground) ? ReadGround(ground, f.At("ground"), errors) : null,
        };
        f.Finish();
        // A field already reported (mistyped, missing) is not reported again for the default put in its place.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (int i = before; i < errors.Count; i++)
        {
            reported.Add(errors[i].Path);
        }
        foreach (SettingError e in settings.Validate())
        {
            string at = f.At(e.Field);
            if (!reported.Contains(at))
            {
                errors.Add(new ConfigError(at, e.Message));
            }
        }
        return errors.Count == before ? settings : null;
    }

    /// <summary>Reads a <c>tracker.json</c> (comments and trailing commas allowed); null with every error named when it is not usable.</summary>
    public static TrackerSettings? ReadTrackerFile(string file, out List<ConfigError> errors)
    {
        errors = [];
        string json;
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError("(file)", $"cannot read {file}: {e.Message}"));
            return null;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, s_json);
            return ReadTracker(document.RootElement, "", errors);
        }
        catch (JsonException e)
        {
            errors.Add(new ConfigError("(json)", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}"));
            return null;
        }
    }

    private static GroundCamera? ReadGround(JsonElement element, string path, List<ConfigError> errors)
    {
        JsonFields? f = JsonFields.Of(element, path, errors);
        if (f is null)
        {
            return null;
        }
        var d = new GroundCamera();
        var camera = new GroundCamera
        {
            Fx = Any(f, "fx", d.Fx, required: true),
            Fy = Any(f, "fy", d.Fy, required: true),
            Cx = Any(f, "cx", d.Cx, required: true),
            Cy = Any(f, "cy", d.Cy, required: true),
            ImageWidth = f.Integer("imageWidth", d.ImageWidth, int.MinValue, int.MaxValue, required: true),
            ImageHeight = f.Integer("imageHeight", d.ImageHeight, int.MinValue, int.MaxValue, required: true),
            HeightM = Any(f, "heightM", d.HeightM, required: true),
            PitchDeg = Any(f, "pitchDeg", d.PitchDeg),
            RollDeg = Any(f, "rollDeg", d.RollDeg),
            YawDeg = Any(f, "yawDeg", d.YawDeg),
            MaxRangeM = Any(f, "maxRangeM", d.MaxRangeM),
        };
        f.Finish();
        return camera;
    }

    private static MotionModel ReadMotionModel(JsonFields f, MotionModel fallback)
    {
        string? text = f.String("motionModel");
        switch (text)
        {
            case null: return fallback;
            case "xywh": return MotionModel.CenterWidthHeight;
            case "xyah": return MotionModel.CenterAspectHeight;
            default:
                f.Error("motionModel", $"unknown motion model \"{text}\" (known: xywh, BoT-SORT's (cx, cy, w, h); xyah, ByteTrack's (cx, cy, w/h, h))");
                return fallback;
        }
    }

    private static List<double> ReadHorizons(JsonFields f, IReadOnlyList<double> fallback, List<ConfigError> errors)
    {
        if (!f.TryGet("horizons", out JsonElement v))
        {
            return [.. fallback];
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            f.Error("horizons", $"expected an array of seconds, got {JsonFields.Describe(v)}");
            return [.. fallback];
        }
        var horizons = new List<double>();
        int i = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number)
            {
                horizons.Add(item.GetDouble());
            }
            else
            {
                errors.Add(new ConfigError($"{f.At("horizons")}[{i}]", $"expected a number of seconds, got {JsonFields.Describe(item)}"));
            }
            i++;
        }
        return horizons;
    }

    /// <summary>A number of any value: its range is <see cref="TrackerSettings.Validate"/>'s to judge.</summary>
    private static double Any(JsonFields f, string name, double fallback, bool required = false) =>
        f.Number(name, fallback, double.MinValue, double.MaxValue, required);
}
