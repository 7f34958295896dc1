namespace Onboard.Runtime.Upload.Tus;

/// <summary>A tus server answered a request with a status the protocol step did not expect.</summary>
internal sealed class TusStatusException(string method, Uri uri, int status, string body)
    : Exception($"{method} {uri} answered {status}{(body.Length > 0 ? ": " + body : "")}")
{
    public string Method { get; } = method;
    public int Status { get; } = status;

    /// <summary>404/410: the server no longer has the upload (expired, or lost with its store).</summary>
    public bool IsGone => Status is 404 or 410;
}
