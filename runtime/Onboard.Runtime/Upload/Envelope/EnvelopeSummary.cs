namespace Onboard.Runtime.Upload.Envelope;

/// <summary>What one pass over a clip produced: both lengths and both SHA-256s (lowercase hex), for the spool and the upload metadata.</summary>
public sealed record EnvelopeSummary(long PlaintextBytes, long CiphertextBytes, string PlaintextSha256, string CiphertextSha256, string KeyId);
