using System.Text.Json.Serialization;

namespace Onboard.Runtime.Upload.Spool;

/// <summary>Source-generated JSON for the spool's records (no reflection at run time).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SpoolEntry))]
[JsonSerializable(typeof(SpoolCounters))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
