using System.Security.Cryptography;
using System.Text.Json;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Envelope;

namespace Onboard.Runtime.Config;

/// <summary>
/// The <c>upload</c> section: <c>{ "endpoint", "cloudPublicKeyFile", "vehicleId", "chunkKb", "maxBytesPerSecond",
/// "concurrency", "allowed", "retry": { "initialMs", "maxMs" } }</c> (names fixed by the upload issue). The key file
/// must hold the cloud's PUBLIC key: a config naming a private key is refused.
/// </summary>
public static partial class ConfigReader
{
    /// <summary>
    /// Reads an <c>upload</c> object found at <paramref name="path"/> (for error messages, e.g. <c>upload</c>);
    /// relative files resolve against <paramref name="baseDirectory"/>. Returns null when it had errors (in <paramref name="errors"/>).
    /// </summary>
    public static UploadOptions? ReadUpload(JsonElement element, string path, string baseDirectory, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        int before = errors.Count;
        JsonFields? f = JsonFields.Of(element, path, errors);
        if (f is null)
        {
            return null;
        }
        var d = new UploadOptions { Endpoint = new Uri("http://127.0.0.1/"), CloudPublicKeyFile = "", VehicleId = "" };
        Uri? endpoint = null;
        if (f.String("endpoint", required: true) is { } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                f.Error("endpoint", $"must be an absolute http:// or https:// URL of the tus server's creation endpoint (got \"{text}\")");
                endpoint = null;
            }
        }
        string? keyFile = f.String("cloudPublicKeyFile", required: true);
        if (keyFile is not null)
        {
            keyFile = Path.Combine(baseDirectory, keyFile);
            if (!File.Exists(keyFile))
            {
                f.Error("cloudPublicKeyFile", $"file not found: {keyFile}");
            }
            else
            {
                try
                {
                    CloudPublicKey.Load(keyFile).Dispose();
                }
                catch (CryptographicException e)
                {
                    f.Error("cloudPublicKeyFile", e.Message);
                }
            }
        }
        string? vehicleId = f.String("vehicleId", required: true);
        var options = d with
        {
            ChunkKb = f.Integer("chunkKb", d.ChunkKb, 1, 1024 * 1024),
            MaxBytesPerSecond = (long)f.Number("maxBytesPerSecond", d.MaxBytesPerSecond, 0, 1e12),
            Concurrency = f.Integer("concurrency", d.Concurrency, 1, 64),
            Allowed = f.Boolean("allowed", d.Allowed),
        };
        if (f.TryGet("retry", out JsonElement retryElement) && JsonFields.Of(retryElement, f.At("retry"), errors) is { } retry)
        {
            int beforeRetry = errors.Count;
            double initial = retry.Number("initialMs", d.RetryInitial.TotalMilliseconds, 0, 3_600_000, exclusiveMin: true);
            double max = retry.Number("maxMs", d.RetryMax.TotalMilliseconds, 0, 86_400_000, exclusiveMin: true);
            if (max < initial && errors.Count == beforeRetry)
            {
                retry.Error("maxMs", $"must be at least retry.initialMs ({initial} ms) (got {max} ms)");
            }
            retry.Finish();
            options = options with { RetryInitial = Ms(initial), RetryMax = Ms(Math.Max(max, initial)) };
        }
        f.Finish();
        return errors.Count == before && endpoint is not null && keyFile is not null && vehicleId is not null
            ? options with { Endpoint = endpoint, CloudPublicKeyFile = keyFile, VehicleId = vehicleId }
            : null;
    }

    /// <summary>The run config's <c>upload</c>, or null when absent (or bad: the errors say).</summary>
    private static UploadOptions? ReadRunUpload(JsonFields root, string baseDirectory, List<ConfigError> errors) =>
        root.TryGet("upload", out JsonElement element) ? ReadUpload(element, root.At("upload"), baseDirectory, errors) : null;

    /// <summary>Reads the <c>upload</c> section of a JSON file (a run config, or a file holding just that section).</summary>
    public static UploadOptions? ReadUploadFile(string file, out List<ConfigError> errors)
    {
        errors = [];
        return ReadJsonFile(file, errors, (root, errors) =>
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("upload", out JsonElement upload))
            {
                errors.Add(new ConfigError("upload", "is required: the upload section ({ \"endpoint\": …, \"cloudPublicKeyFile\": …, \"vehicleId\": … })"));
                return null;
            }
            return ReadUpload(upload, "upload", Path.GetDirectoryName(Path.GetFullPath(file))!, errors);
        });
    }

    /// <summary>Parses <paramref name="file"/> and hands its root to <paramref name="read"/>; an unreadable file or bad JSON is an error.</summary>
    private static T? ReadJsonFile<T>(string file, List<ConfigError> errors, Func<JsonElement, List<ConfigError>, T?> read) where T : class
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file), s_json);
            return read(document.RootElement, errors);
        }
        catch (JsonException e)
        {
            errors.Add(new ConfigError("(json)", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError("(file)", $"cannot read {file}: {e.Message}"));
        }
        return null;
    }
}
