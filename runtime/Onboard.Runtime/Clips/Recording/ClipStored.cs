namespace Onboard.Runtime.Clips.Recording;

/// <summary>What became of a clip handed to the store: admitted (after evicting <see cref="Evicted"/>), or refused and why.</summary>
internal sealed record ClipStored(string ClipId, bool Admitted, IReadOnlyList<string> Evicted, string? RefusedReason, long Bytes);
