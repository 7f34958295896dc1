using Onboard.Runtime.Clips;

namespace Onboard.Hil.Recording;

/// <summary>What a recording session did: whether the pipeline stopped cleanly, per camera counts, messages per topic.</summary>
public sealed record RecordingResult(bool Clean, IReadOnlyList<RecordingCamera> Cameras, IReadOnlyDictionary<string, long> Messages, long ImagesDropped,
    IReadOnlyList<ClipModelLineage> Models);
