using System.Globalization;
using System.Net.Http.Headers;

namespace Onboard.Runtime.Upload.Tus;

/// <summary>
/// tus 1.0 requests over one <see cref="HttpClient"/>: OPTIONS (capabilities), creation (an empty POST), HEAD (the
/// server's offset), PATCH (a chunk at an offset) and termination (DELETE). Each request has
/// a stall timeout (<see cref="StallTimer"/>); transport failures become <see cref="TransientUploadException"/>,
/// unexpected statuses <see cref="TusStatusException"/>. What to do about them is the uploader's business.
/// </summary>
internal sealed class TusClient(HttpClient http, Uri endpoint, TimeProvider time, TimeSpan requestTimeout)
{
    public const string ProtocolVersion = "1.0.0";

    public Uri Endpoint { get; } = endpoint;

    public TimeSpan RequestTimeout { get; } = requestTimeout;

    public StallTimer NewTimer() => new(RequestTimeout, time);

    public async Task<TusCapabilities> OptionsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Endpoint);
        using HttpResponseMessage response = await SendAsync(request, null, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(request, response, 200, 204).ConfigureAwait(false);
        var versions = new HashSet<string>(Values(response, "Tus-Version"), StringComparer.Ordinal);
        var extensions = new HashSet<string>(Values(response, "Tus-Extension"), StringComparer.Ordinal);
        long? maxSize = long.TryParse(Header(response, "Tus-Max-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out long max) ? max : null;
        return new TusCapabilities(versions, extensions, maxSize);
    }

    /// <summary>POST without a body: creates an upload of <paramref name="length"/> bytes and returns its URL.</summary>
    public async Task<Uri> CreateAsync(long length, string metadata, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, Endpoint);
        request.Headers.TryAddWithoutValidation("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Upload-Metadata", metadata);
        using HttpResponseMessage response = await SendAsync(request, null, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(request, response, 201).ConfigureAwait(false);
        Uri? location = response.Headers.Location;
        if (location is null)
        {
            throw new TransientUploadException("protocol", $"POST {Endpoint} answered 201 without a Location header");
        }
        return location.IsAbsoluteUri ? location : new Uri(Endpoint, location);
    }

    /// <summary>HEAD: the server's <c>Upload-Offset</c> (and <c>Upload-Length</c> when it knows it).</summary>
    public async Task<(long Offset, long? Length)> HeadAsync(Uri upload, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Head, upload);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true };
        using HttpResponseMessage response = await SendAsync(request, null, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(request, response, 200, 204).ConfigureAwait(false);
        long offset = Offset(request, response);
        long? length = long.TryParse(Header(response, "Upload-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out long l) ? l : null;
        return (offset, length);
    }

    /// <summary>PATCH: sends <paramref name="body"/> at <paramref name="offset"/>; returns the server's new offset.</summary>
    public async Task<long> PatchAsync(Uri upload, long offset, HttpContent body, StallTimer? timer, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Patch, upload);
        request.Headers.TryAddWithoutValidation("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        request.Content = body;
        using HttpResponseMessage response = await SendAsync(request, timer, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(request, response, 204, 200).ConfigureAwait(false);
        return Offset(request, response);
    }

    /// <summary>DELETE (termination): true when the server removed it or no longer had it.</summary>
    public async Task TerminateAsync(Uri upload, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, upload);
        using HttpResponseMessage response = await SendAsync(request, null, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(request, response, 204, 200, 404, 410).ConfigureAwait(false);
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("Tus-Resumable", ProtocolVersion);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, StallTimer? given, CancellationToken cancellationToken)
    {
        StallTimer timer = given ?? NewTimer();
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                timer.Reset();
                return response;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timer.Fired)
            {
                throw new TransientUploadException("timeout", $"{request.Method} {request.RequestUri}: no progress for {timer.Timeout.TotalSeconds:0.#} s (request timeout)");
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TransientUploadException("connection", $"{request.Method} {request.RequestUri}: {e.Message}", e);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TransientUploadException("connection", $"{request.Method} {request.RequestUri}: {e.Message}", e);
            }
        }
        finally
        {
            if (given is null)
            {
                timer.Dispose();
            }
        }
    }

    private static async Task ExpectAsync(HttpRequestMessage request, HttpResponseMessage response, params int[] statuses)
    {
        int status = (int)response.StatusCode;
        if (Array.IndexOf(statuses, status) >= 0)
        {
            return;
        }
        string body = "";
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            body = (await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false)).Trim();
            body = body.Length > 300 ? body[..300] + "…" : body;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The status is the message; a body that cannot be read adds nothing.
        }
        throw new TusStatusException(request.Method.Method, request.RequestUri!, status, body);
    }

    private static long Offset(HttpRequestMessage request, HttpResponseMessage response)
    {
        string? text = Header(response, "Upload-Offset");
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long offset)
            ? offset
            : throw new TransientUploadException("protocol", $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} without a valid Upload-Offset (got \"{text}\")");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(",", values) : null;

    private static IEnumerable<string> Values(HttpResponseMessage response, string name) =>
        (Header(response, name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
