using System.Security.Cryptography;
using System.Text.Json;
using Onboard.Tests.Clips.Mcap;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Upload.Tus;

namespace Onboard.Tests.Upload.Run;

/// <summary>
/// End to end: <c>onboard run</c> with a trigger and <c>upload</c> configured, against the running @tus/server. The
/// recorder's clips enter the spool encrypted (no plaintext clip on disk), arrive whole, decrypt with the cloud key
/// (Debian's python3-cryptography, following only the envelope README) and open with @mcap/core.
/// </summary>
public sealed class RunTriggerUploadTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly TusServerPeer _server = new();

    [Fact]
    public async Task Run_PeriodicTriggerWithUpload_ClipsArriveDecryptWithTheCloudKeyAndOpenWithMcapCore()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint, vehicleId: "car-e2e");
        using (var run = new UploadingRun(vehicle, _server.Endpoint, allowed: true, maxBytesPerSecond: 0, triggers: """
            [ { "id": "sample", "kind": "periodic", "everySeconds": 1, "preSeconds": 0.5, "postSeconds": 0.5, "cooldownSeconds": 0 } ]
            """))
        {
            // Asked of the run, not read from the server's store, which it is writing meanwhile.
            await UploadFaultTests.WaitFor(() => run.Status().UploadedClips >= 2, "two clips uploaded");
            Assert.Empty(Directory.GetFiles(vehicle.SpoolDirectory, "*.mcap"));   // sealed as they entered: no plaintext clip
            Assert.True(run.Stop() == 0, run.StandardError);
        }

        // The clips cut at shutdown may still be queued (or sent, their local delete cut short): never plaintext. The next
        // start finishes them; onboard upload run drains the spool the same way.
        Assert.Empty(Directory.GetFiles(vehicle.SpoolDirectory, "*.mcap"));
        string[] left = [.. Directory.GetFiles(vehicle.SpoolDirectory, "*.mcap.enc").Select(f => Path.GetFileName(f)[..^".mcap.enc".Length])];
        using (PeerProcess drain = OnboardCli.Start("upload", "run", "--spool", vehicle.SpoolDirectory, "--config", vehicle.WriteConfig(_server.Endpoint), "--until-empty"))
        {
            Assert.True(drain.WaitForExit(TimeSpan.FromSeconds(120)), "onboard upload run --until-empty did not finish");
            Assert.True(drain.ExitCode == 0, drain.StandardError);
        }
        vehicle.Reopen();
        Assert.Empty(vehicle.Spool.Entries());
        List<StoredUpload> complete = [.. _server.Uploads().Where(u => u.Complete)];
        Assert.Equal(complete.Count, complete.Select(u => u.Metadata["clipId"]).Distinct().Count());   // none twice
        Assert.All(_server.Uploads().Where(u => !u.Complete), u => Assert.Equal(0, u.Bytes));
        Assert.True(complete.Count >= 2);
        Assert.All(left, id => Assert.Single(complete, u => u.Metadata["clipId"] == id));
        long images = 0;
        foreach (StoredUpload upload in complete)
        {
            string clipId = upload.Metadata["clipId"];
            Assert.Equal("car-e2e", upload.Metadata["vehicleId"]);
            Assert.Contains("sample", upload.Metadata["triggerIds"], StringComparison.Ordinal);
            string mcap = _dir.File(clipId + ".mcap");
            EnvelopePeer.Decrypt(upload.DataPath, _keys.PrivateKey, mcap);
            using (FileStream plain = File.OpenRead(mcap))
            {
                Assert.Equal(upload.Metadata["plaintextSha256"], Convert.ToHexStringLower(SHA256.HashData(plain)));
            }
            JsonElement indexed = McapPeer.Read(mcap).GetProperty("indexed");
            Assert.True(indexed.GetProperty("ok").GetBoolean(), indexed.ToString());
            // A recorder that cannot keep up drops frames (counted), so under load a clip may hold none: count them overall.
            images += indexed.GetProperty("messages").TryGetProperty("/front/image", out JsonElement image) ? image.GetProperty("count").GetInt64() : 0;
            Assert.True(indexed.GetProperty("messages").TryGetProperty("/triggers", out _), $"{clipId} has no /triggers channel");
            JsonElement lineage = indexed.GetProperty("metadata").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "lineage");
            Assert.Equal(clipId, lineage.GetProperty("entries").GetProperty("clip_id").GetString());
            Assert.Equal("car-e2e", lineage.GetProperty("entries").GetProperty("vehicle_id").GetString());
        }
        Assert.True(images > 0, $"none of the {complete.Count} uploaded clips holds an image");
    }

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
        _dir.Dispose();
    }
}
