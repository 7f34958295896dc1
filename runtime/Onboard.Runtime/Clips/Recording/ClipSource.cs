namespace Onboard.Runtime.Clips.Recording;

/// <summary>What every clip of this process says about where it comes from (its <c>lineage</c> record, with the clip's own fields added).</summary>
internal sealed record ClipSource(string VehicleId, string SoftwareVersion, string ConfigHash, IReadOnlyList<ClipModelLineage> Models);
