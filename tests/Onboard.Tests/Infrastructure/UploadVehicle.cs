using System.Security.Cryptography;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Envelope;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// One simulated vehicle for the upload tests: its own spool of encrypted clips (random plaintext, remembered) and
/// upload options; and the check every fault test ends with: the server holds exactly one complete upload per clip,
/// byte-identical to the encrypted clip, and the spool is empty.
/// </summary>
internal sealed class UploadVehicle : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CloudPublicKey _key;
    private readonly Dictionary<string, (byte[] Plain, SpoolEntry Entry)> _clips = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public UploadVehicle(CloudKeyFiles keys, Uri endpoint, string vehicleId = "vehicle-1", SpoolQuota? quota = null)
    {
        Keys = keys;
        _key = CloudPublicKey.Load(keys.PublicKey);
        Spool = UploadSpool.Open(_dir.File("spool"), quota);
        Options = new UploadOptions
        {
            Endpoint = endpoint,
            CloudPublicKeyFile = keys.PublicKey,
            VehicleId = vehicleId,
            ChunkKb = 64,
            Concurrency = 2,
            RetryInitial = TimeSpan.FromMilliseconds(20),
            RetryMax = TimeSpan.FromMilliseconds(300),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
    }

    public CloudKeyFiles Keys { get; }
    public UploadSpool Spool { get; private set; }
    public UploadOptions Options { get; set; }
    public string SpoolDirectory => _dir.File("spool");
    public IReadOnlyDictionary<string, (byte[] Plain, SpoolEntry Entry)> Clips => _clips;

    /// <summary>Writes a clip of <paramref name="bytes"/> random bytes into the spool through the recorder's path (encrypted as written).</summary>
    public SpoolAdmission AddClip(string clipId, int bytes, int priority = 0, int ageSeconds = 0)
    {
        byte[] plain = new byte[bytes];
        new Random(clipId.GetHashCode(StringComparison.Ordinal)).NextBytes(plain);
        return AddClip(clipId, plain, priority, ageSeconds);
    }

    /// <summary>Writes <paramref name="plain"/> (a real MCAP clip, say) into the spool through the recorder's path.</summary>
    public SpoolAdmission AddClip(string clipId, byte[] plain, int priority = 0, int ageSeconds = 0)
    {
        var info = new ClipInfo(clipId, "front", ["lowConfidence", "manual"], priority, _epoch.AddSeconds(ageSeconds));
        SpoolAdmission admission;
        using (SpoolClipWriter writer = Spool.CreateClip(info, _key))
        {
            writer.Stream.Write(plain);
            admission = writer.Commit();
        }
        if (admission.Entry is { } entry)
        {
            _clips[clipId] = (plain, entry);
        }
        foreach (string evicted in admission.Evicted)
        {
            _clips.Remove(evicted);
        }
        return admission;
    }

    public Uploader CreateUploader(int seed = 1, Uri? endpoint = null) =>
        new(Spool, endpoint is null ? Options : Options with { Endpoint = endpoint }, random: new Random(seed));

    /// <summary>Reopens the spool, as a restarted process would (recovery runs).</summary>
    public void Reopen() => Spool = UploadSpool.Open(SpoolDirectory, Spool.Quota);

    /// <summary>Writes an <c>upload.json</c> for <c>onboard upload run</c>.</summary>
    public string WriteConfig(Uri endpoint, int chunkKb = 64, long maxBytesPerSecond = 0)
    {
        string path = _dir.File("upload.json");
        File.WriteAllText(path, $$"""
            { "upload": { "endpoint": "{{endpoint}}", "cloudPublicKeyFile": "{{Keys.PublicKey}}", "vehicleId": "{{Options.VehicleId}}",
              "chunkKb": {{chunkKb}}, "maxBytesPerSecond": {{maxBytesPerSecond}}, "concurrency": 2, "allowed": true,
              "retry": { "initialMs": 20, "maxMs": 300 } } }
            """);
        return path;
    }

    /// <summary>The end state of every fault test.</summary>
    public void AssertDelivered(TusServerPeer server, bool decrypt = false)
    {
        IReadOnlyList<StoredUpload> uploads = server.Uploads();
        foreach ((string id, (byte[] plain, SpoolEntry entry)) in _clips)
        {
            var complete = uploads.Where(u => u.Complete && u.Metadata.GetValueOrDefault("clipId") == id
                && u.Metadata.GetValueOrDefault("vehicleId") == Options.VehicleId).ToList();
            Assert.True(complete.Count == 1, $"clip {id}: the server holds {complete.Count} complete uploads, expected exactly 1");
            using (FileStream data = File.OpenRead(complete[0].DataPath))
            {
                Assert.Equal(entry.CiphertextSha256, Convert.ToHexStringLower(SHA256.HashData(data)));
            }
            Assert.Equal(entry.CiphertextSha256, complete[0].Metadata["ciphertextSha256"]);
            Assert.Equal(entry.PlaintextSha256, complete[0].Metadata["plaintextSha256"]);
            if (decrypt)
            {
                using CloudPrivateKey key = CloudPrivateKey.Load(Keys.PrivateKey);
                var output = new MemoryStream();
                using (FileStream data = File.OpenRead(complete[0].DataPath))
                {
                    ClipDecryptor.Decrypt(data, output, key);
                }
                Assert.Equal(plain, output.ToArray());
            }
        }
        Assert.Empty(Spool.Entries());
        Assert.Empty(Directory.GetFiles(SpoolDirectory, "*.mcap.enc*"));
        Assert.Empty(Directory.GetFiles(SpoolDirectory, "*.state.json*"));
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }
}
