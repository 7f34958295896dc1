using System.Globalization;

namespace Onboard.Runtime.Clips;

/// <summary>
/// Where a clip comes from, written as its <c>lineage</c> Metadata record so that the cloud loop can tell which
/// vehicle, software, configuration and models produced it, and why it was cut. MCAP metadata is flat string pairs;
/// <see cref="ToMetadata"/> and <see cref="FromMetadata"/> define the keys (models as <c>model.N.*</c>).
/// </summary>
public sealed record ClipLineage
{
    public string ClipId { get; init; } = "";

    public string VehicleId { get; init; } = "";

    public string SoftwareVersion { get; init; } = "";

    /// <summary>SHA-256 of the run config the process ran with.</summary>
    public string ConfigHash { get; init; } = "";

    public IReadOnlyList<ClipModelLineage> Models { get; init; } = [];

    /// <summary>The ids of every trigger that fired inside the clip's window.</summary>
    public IReadOnlyList<string> TriggerIds { get; init; } = [];

    /// <summary>The metadata key of <see cref="Priority"/>.</summary>
    public const string PriorityKey = "priority";

    /// <summary>The highest priority of the triggers in it (0–9): the spool's quota evicts lower priorities first.</summary>
    public int Priority { get; init; }

    /// <summary>The clip's time range, UTC ns (the first and last capture time in it).</summary>
    public long StartUtcNs { get; init; }

    public long EndUtcNs { get; init; }

    public Dictionary<string, string> ToMetadata()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["clip_id"] = ClipId,
            ["vehicle_id"] = VehicleId,
            ["software_version"] = SoftwareVersion,
            ["config_hash"] = ConfigHash,
            ["trigger_ids"] = string.Join(',', TriggerIds),
            ["start_time_ns"] = StartUtcNs.ToString(CultureInfo.InvariantCulture),
            ["end_time_ns"] = EndUtcNs.ToString(CultureInfo.InvariantCulture),
            // For people reading `mcap info` or Foxglove's metadata panel.
            ["start_time"] = ClipTime.Iso(StartUtcNs),
            ["end_time"] = ClipTime.Iso(EndUtcNs),
            ["models"] = Models.Count.ToString(CultureInfo.InvariantCulture),
            [PriorityKey] = Priority.ToString(CultureInfo.InvariantCulture),
        };
        for (int i = 0; i < Models.Count; i++)
        {
            var m = Models[i];
            string p = string.Create(CultureInfo.InvariantCulture, $"model.{i}.");
            map[p + "name"] = m.Name;
            map[p + "id"] = m.Id;
            map[p + "version"] = m.Version;
            map[p + "sha256"] = m.Sha256;
            map[p + "execution_provider"] = m.ExecutionProvider;
        }
        return map;
    }

    /// <summary>Reads what <see cref="ToMetadata"/> wrote; missing keys read as empty (an older or foreign clip).</summary>
    public static ClipLineage FromMetadata(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        string Get(string key) => map.TryGetValue(key, out string? v) ? v : "";
        long Long(string key) => long.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : 0;
        var models = new List<ClipModelLineage>();
        for (int i = 0; i < Long("models"); i++)
        {
            string p = string.Create(CultureInfo.InvariantCulture, $"model.{i}.");
            models.Add(new ClipModelLineage(Get(p + "name"), Get(p + "id"), Get(p + "version"), Get(p + "sha256"), Get(p + "execution_provider")));
        }
        string triggers = Get("trigger_ids");
        return new ClipLineage
        {
            ClipId = Get("clip_id"),
            VehicleId = Get("vehicle_id"),
            SoftwareVersion = Get("software_version"),
            ConfigHash = Get("config_hash"),
            Models = models,
            TriggerIds = triggers.Length == 0 ? [] : triggers.Split(','),
            Priority = (int)Long(PriorityKey),
            StartUtcNs = Long("start_time_ns"),
            EndUtcNs = Long("end_time_ns"),
        };
    }
}
