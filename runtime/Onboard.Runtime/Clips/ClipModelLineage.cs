namespace Onboard.Runtime.Clips;

/// <summary>One model a clip's detections came from: the run config's name for it, and what exactly it was.</summary>
public sealed record ClipModelLineage(string Name, string Id, string Version, string Sha256, string ExecutionProvider);
