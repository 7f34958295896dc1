using System.Text.Json;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Config;

namespace Onboard.Hil.Scenarios;

/// <summary>
/// Reads a scenario's JSON, naming every bad field by its path (<c>events[2].kind: unknown kind "smog" …</c>,
/// <c>signs[0].colour: unknown field</c>), the way run configs are checked. <c>randomSigns</c> places seeded
/// signs after the listed ones: the same seed gives the same drive.
/// </summary>
public static class ScenarioReader
{
    /// <summary>Reads <paramref name="file"/>; throws <see cref="ConfigException"/> listing every error.</summary>
    public static Scenario Read(string file)
    {
        string json;
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(file, [new ConfigError("(file)", $"cannot read {file}: {e.Message}")]);
        }
        return Parse(json, out List<ConfigError> errors) ?? throw new ConfigException(file, errors);
    }

    /// <summary>The scenario, or null with <paramref name="errors"/> saying why.</summary>
    public static Scenario? Parse(string json, out List<ConfigError> errors)
    {
        errors = [];
        JsonDocument? document = JsonFields.Parse(json, errors);
        if (document is null)
        {
            return null;
        }
        using (document)
        {
            JsonFields? f = JsonFields.Of(document.RootElement, "", errors);
            if (f is null)
            {
                return null;
            }
            var d = new Scenario();
            var scenario = d with
            {
                Name = f.String("name") ?? d.Name,
                Seed = f.Integer("seed", d.Seed, int.MinValue, int.MaxValue),
                Width = f.Integer("width", d.Width, 64, 4096),
                Height = f.Integer("height", d.Height, 64, 4096),
                FramesPerSecond = f.Number("fps", d.FramesPerSecond, 0, 240, exclusiveMin: true),
                DurationS = f.Number("duration", d.DurationS, 0, 3600, required: true, exclusiveMin: true),
                EgoSpeedMps = f.Number("egoSpeed", d.EgoSpeedMps, 0, 70),
                FocalPx = f.Number("focalPx", d.FocalPx, 1, 20000),
                CameraHeightM = f.Number("cameraHeight", d.CameraHeightM, 0.2, 10),
                MinBoxPx = f.Number("minBoxPx", d.MinBoxPx, 0, 1000),
            };
            var signs = ReadSigns(f, errors);
            ReadRandomSigns(f, scenario.Seed, signs, errors);
            scenario = scenario with { Signs = signs };
            scenario = scenario with { Events = ReadEvents(f, scenario, errors) };
            f.Finish();
            return errors.Count == 0 ? scenario : null;
        }
    }

    public static string KindName(PerturbationKind kind) => kind switch
    {
        PerturbationKind.MotionBlur => "motion_blur",
        PerturbationKind.RareClass => "rare_class",
        PerturbationKind.HiddenUntilClose => "hidden_until_close",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static bool IsSignBound(PerturbationKind kind) =>
        kind is PerturbationKind.Occlusion or PerturbationKind.RareClass or PerturbationKind.Faded or PerturbationKind.HiddenUntilClose;

    private static List<ScenarioSign> ReadSigns(JsonFields f, List<ConfigError> errors)
    {
        var signs = new List<ScenarioSign>();
        foreach ((JsonElement item, string path) in Items(f, "signs", errors))
        {
            JsonFields? s = JsonFields.Of(item, path, errors);
            if (s is null)
            {
                continue;
            }
            var d = new ScenarioSign(0, 0, RoadSide.Right, 0);
            int id = s.Integer("id", signs.Count + 1, 0, 1_000_000);
            if (signs.Exists(x => x.Id == id))
            {
                s.Error("id", $"sign id {id} is used twice");
            }
            var sign = new ScenarioSign(id, ReadClass(s), ReadSide(s),
                s.Number("distance", 0, 1, 10_000, required: true),
                s.Number("lateral", d.LateralM, 0, 100),
                s.Number("height", d.HeightM, 0, 20),
                s.Number("size", d.SizeM, 0.05, 10));
            s.Finish();
            signs.Add(sign);
        }
        return signs;
    }

    private static void ReadRandomSigns(JsonFields f, int seed, List<ScenarioSign> signs, List<ConfigError> errors)
    {
        if (!f.TryGet("randomSigns", out JsonElement element))
        {
            return;
        }
        JsonFields? r = JsonFields.Of(element, f.At("randomSigns"), errors);
        if (r is null)
        {
            return;
        }
        int count = r.Integer("count", 0, 0, 10_000, required: true);
        double start = r.Number("start", 30, 1, 10_000);
        double spacing = r.Number("spacing", 25, 1, 10_000);
        r.Finish();
        // Seeded apart from the renderer's per-frame streams, so adding an event never moves a sign.
        var random = new Random(unchecked(seed * 7919 + 17));
        int nextId = signs.Count == 0 ? 1 : signs.Max(s => s.Id) + 1;
        for (int i = 0; i < count; i++)
        {
            int classId = random.Next(SyntheticSignCatalog.Signs.Count);
            var side = random.Next(2) == 0 ? RoadSide.Left : RoadSide.Right;
            double distance = start + i * spacing + random.NextDouble() * spacing * 0.4;
            double lateral = 3.5 + random.NextDouble() * 1.5;
            signs.Add(new ScenarioSign(nextId + i, classId, side, distance, lateral, 1.4 + random.NextDouble() * 0.6, 0.7 + random.NextDouble() * 0.3));
        }
    }

    private static List<ScenarioEvent> ReadEvents(JsonFields f, Scenario scenario, List<ConfigError> errors)
    {
        var events = new List<ScenarioEvent>();
        foreach ((JsonElement item, string path) in Items(f, "events", errors))
        {
            JsonFields? e = JsonFields.Of(item, path, errors);
            if (e is null)
            {
                continue;
            }
            string? kindText = e.String("kind", required: true);
            PerturbationKind? kind = null;
            foreach (PerturbationKind k in Enum.GetValues<PerturbationKind>())
            {
                if (KindName(k) == kindText)
                {
                    kind = k;
                }
            }
            if (kind is null && kindText is not null)
            {
                e.Error("kind", $"unknown kind \"{kindText}\" (known: {string.Join(", ", Enum.GetValues<PerturbationKind>().Select(KindName))})");
            }
            double start = e.Number("start", 0, 0, scenario.DurationS, required: true);
            double end = e.Number("end", scenario.DurationS, 0, scenario.DurationS);
            if (end <= start)
            {
                e.Error("end", $"must be after start ({start:0.###} s), got {end:0.###} s");
            }
            double strength = e.Number("strength", 0.5, 0, 1);
            int sign = -1;
            if (kind is { } bound && IsSignBound(bound))
            {
                sign = e.Integer("sign", -1, 0, 1_000_000, required: true);
                if (e.Has("sign") && !scenario.Signs.Any(s => s.Id == sign))
                {
                    e.Error("sign", $"no sign has id {sign} (ids: {string.Join(", ", scenario.Signs.Select(s => s.Id))})");
                }
            }
            double reveal = kind == PerturbationKind.HiddenUntilClose ? e.Number("revealDistance", 15, 0, 10_000) : 15;
            e.Finish();
            if (kind is { } k2)
            {
                events.Add(new ScenarioEvent(k2, start, end, strength, sign, reveal));
            }
        }
        return events;
    }

    private static int ReadClass(JsonFields s)
    {
        if (!s.TryGet("class", out JsonElement v))
        {
            s.Error("class", "is required (a class name: " + string.Join(", ", SyntheticSignCatalog.ClassNames) + ", or its id)");
            return 0;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int id) && id >= 0 && id < SyntheticSignCatalog.Signs.Count)
        {
            return id;
        }
        if (v.ValueKind == JsonValueKind.String)
        {
            for (int i = 0; i < SyntheticSignCatalog.ClassNames.Count; i++)
            {
                if (SyntheticSignCatalog.ClassNames[i] == v.GetString())
                {
                    return i;
                }
            }
        }
        s.Error("class", $"unknown class {JsonFields.Describe(v)} (known: {string.Join(", ", SyntheticSignCatalog.ClassNames)}, or ids 0–{SyntheticSignCatalog.Signs.Count - 1})");
        return 0;
    }

    private static RoadSide ReadSide(JsonFields s)
    {
        string? side = s.String("side");
        switch (side)
        {
            case null or "right": return RoadSide.Right;
            case "left": return RoadSide.Left;
            default:
                s.Error("side", $"expected \"left\" or \"right\", got \"{side}\"");
                return RoadSide.Right;
        }
    }

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonFields f, string name, List<ConfigError> errors)
    {
        if (!f.TryGet(name, out JsonElement array))
        {
            yield break;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ConfigError(f.At(name), $"expected an array, got {JsonFields.Describe(array)}"));
            yield break;
        }
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            yield return (item, $"{f.At(name)}[{i++}]");
        }
    }
}
