using System.Text.Json;
using Onboard.Tests.Clips;
using Onboard.Tests.Clips.Mcap;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Upload.Tus;

namespace Onboard.Tests.Upload.Run;

/// <summary>
/// The cloud's side of a clip <c>onboard run</c> uploaded: a real MCAP clip (written by <c>ClipWriter</c>) enters the
/// spool encrypted, the run uploads it to @tus/server, and what the server holds decrypts with the cloud key by
/// Debian's python3-cryptography (following only the envelope README) and opens with @mcap/core.
/// </summary>
public sealed class RunUploadCloudTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly TusServerPeer _server = new();

    [Fact]
    public async Task Run_UploadedClip_DecryptsWithPythonAndOpensWithMcapCore()
    {
        ClipFixture clip = ClipFixture.Write(_dir);
        byte[] mcap = File.ReadAllBytes(clip.Path);
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip(ClipFixture.Lineage.ClipId, mcap);

        using (var run = new UploadingRun(vehicle, _server.Endpoint, allowed: true, maxBytesPerSecond: 0))
        {
            await UploadFaultTests.WaitFor(() => run.Status() is { QueuedClips: 0, UploadedClips: 1 }, "the clip uploaded");
            Assert.True(run.Stop() == 0, run.StandardError);
        }

        vehicle.Reopen();
        vehicle.AssertDelivered(_server);
        StoredUpload stored = Assert.Single(_server.Uploads());
        string decrypted = _dir.File("cloud.mcap");
        EnvelopePeer.Decrypt(stored.DataPath, _keys.PrivateKey, decrypted);
        Assert.Equal(mcap, File.ReadAllBytes(decrypted));
        JsonElement indexed = McapPeer.Read(decrypted).GetProperty("indexed");
        Assert.True(indexed.GetProperty("ok").GetBoolean(), indexed.ToString());
        Assert.Equal(ClipFixture.Frames, indexed.GetProperty("messages").GetProperty("/front/image").GetProperty("count").GetInt64());
        JsonElement lineage = indexed.GetProperty("metadata").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "lineage");
        Assert.Equal(ClipFixture.Lineage.VehicleId, lineage.GetProperty("entries").GetProperty("vehicle_id").GetString());
    }

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
        _dir.Dispose();
    }
}
