namespace Onboard.Runtime.Clips.Mcap;

/// <summary>A Metadata record: a name (e.g. <c>lineage</c>) and string pairs.</summary>
public sealed record McapMetadata(string Name, IReadOnlyDictionary<string, string> Entries);
