namespace Onboard.Runtime.Upload.Tus;

/// <summary>A failure worth retrying after a backoff (5xx, timeout, reset, locked…); <see cref="Reason"/> is its Health counter name.</summary>
internal sealed class TransientUploadException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}
