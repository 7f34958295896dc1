namespace Onboard.Hil.Replay;

/// <summary>A recording that cannot be used as asked: truncated or corrupt (where it stops), a channel missing, a message that does not decode.</summary>
public sealed class RecordingException(string message) : Exception(message);
