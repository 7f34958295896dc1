namespace Onboard.Runtime.Upload.Spool;

/// <summary>What the recorder knows of a clip when it enters the spool; it becomes the upload's metadata.</summary>
internal sealed record ClipInfo(string ClipId, string Camera, IReadOnlyList<string> TriggerIds, int Priority, DateTimeOffset CreatedAt);
