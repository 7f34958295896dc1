using System.Text.Json;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// The real tus server (<c>@tus/server</c> + <c>@tus/file-store</c>, Peers/node/tus_server.mjs) on loopback, with its
/// fault-injecting front. Can be killed (SIGKILL) and restarted on the same port over the same store.
/// </summary>
public sealed class TusServerPeer : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly long? _maxSize;
    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromSeconds(30) };
    private PeerProcess _process;

    public TusServerPeer(long? maxSize = null)
    {
        _maxSize = maxSize;
        _process = Start(0);
    }

    public int Port { get; private set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/files/");

    public string StoreDirectory => _dir.File("files");

    /// <summary>SIGKILL, as a crash: whatever it was writing stays as far as it got.</summary>
    public void Kill() => _process.Kill();

    public void Restart()
    {
        _process.Dispose();
        _process = Start(Port);
    }

    public void InjectFault(string method, int status, int count = 1)
    {
        using HttpResponseMessage r = _control.PostAsync(new Uri($"http://127.0.0.1:{Port}/control/fault?method={method}&status={status}&count={count}"), null).GetAwaiter().GetResult();
        r.EnsureSuccessStatusCode();
    }

    public JsonDocument Stats() => JsonDocument.Parse(_control.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/control/stats")).GetAwaiter().GetResult());

    public long BytesWritten()
    {
        using JsonDocument s = Stats();
        return s.RootElement.GetProperty("bytesWritten").GetInt64();
    }

    /// <summary>
    /// The store writes still going: a PATCH cut or abandoned by its client writes until the bytes it got are counted in
    /// <see cref="BytesWritten"/>. Read after the server has seen all that reached it before (a client's abort included).
    /// </summary>
    public int Writing()
    {
        using JsonDocument s = Stats();
        return s.RootElement.GetProperty("writing").GetInt32();
    }

    public int Requests(string method)
    {
        using JsonDocument s = Stats();
        return s.RootElement.GetProperty("requests").TryGetProperty(method, out JsonElement n) ? n.GetInt32() : 0;
    }

    /// <summary>Every upload in the store, read from its own files (<c>&lt;id&gt;</c> and <c>&lt;id&gt;.json</c>).</summary>
    public IReadOnlyList<StoredUpload> Uploads()
    {
        var uploads = new List<StoredUpload>();
        if (!Directory.Exists(StoreDirectory))
        {
            return uploads;
        }
        foreach (string info in Directory.EnumerateFiles(StoreDirectory, "*.json"))
        {
            using JsonDocument d = JsonDocument.Parse(File.ReadAllText(info));
            string id = d.RootElement.GetProperty("id").GetString()!;
            string data = Path.Combine(StoreDirectory, id);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (d.RootElement.TryGetProperty("metadata", out JsonElement m) && m.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in m.EnumerateObject())
                {
                    metadata[p.Name] = p.Value.GetString() ?? "";
                }
            }
            long size = d.RootElement.TryGetProperty("size", out JsonElement s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : -1;
            uploads.Add(new StoredUpload(id, size, File.Exists(data) ? new FileInfo(data).Length : -1, metadata, data));
        }
        return uploads;
    }

    private PeerProcess Start(int port)
    {
        var args = new List<string> { PeerProcess.NodeScript("tus_server.mjs"), "--dir", StoreDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (_maxSize is long max)
        {
            args.AddRange(["--max-size", max.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        var process = new PeerProcess(PeerProcess.Node, [.. args]);
        string? line = process.ReadLine(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            string error = process.StandardError;
            process.Dispose();
            throw new InvalidOperationException($"tus_server.mjs did not start: {line} {error}");
        }
        Port = new Uri(line["listening ".Length..]).Port;
        return process;
    }

    public void Dispose()
    {
        _process.Dispose();
        _control.Dispose();
        _dir.Dispose();
    }
}

/// <summary>One upload as the tus file store holds it: declared size, bytes on disk, metadata (decoded), the data file.</summary>
public sealed record StoredUpload(string Id, long Size, long Bytes, IReadOnlyDictionary<string, string> Metadata, string DataPath)
{
    public bool Complete => Size >= 0 && Bytes == Size;
}
