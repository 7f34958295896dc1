using Onboard.Runtime.Upload;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Tus;

/// <summary>
/// Every clip, however small, is created empty (POST with <c>Upload-Length</c> and metadata), its URL persisted, then
/// PATCHed. A clip sent whole in its creation POST (creation-with-upload) could be stored complete by the server under
/// a URL the vehicle never learnt, if the vehicle died before the answer came: after the restart it would go twice.
/// </summary>
public sealed class UploadCreationTests : IDisposable
{
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly TusServerPeer _server = new();

    [Fact]
    public async Task UploadRun_SigkilledWhileItsCreationPostsAwaitTheirAnswers_RestartDeliversEachClipOnce()
    {
        using var proxy = new TcpFaultProxy(_server.Port);
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("small-1", 20_000);   // both fit in one 64 KiB chunk: the clips a creation-with-upload POST sends whole
        vehicle.AddClip("small-2", 40_000);
        proxy.HoldPostAnswers();

        // Two workers, one creation POST each: the server acts on both, their answers (the upload URLs) never arrive.
        string viaProxy = vehicle.WriteConfig(new Uri($"http://127.0.0.1:{proxy.Port}/files/"));
        using (PeerProcess first = OnboardCli.Start("upload", "run", "--spool", vehicle.SpoolDirectory, "--config", viaProxy, "--until-empty"))
        {
            Assert.StartsWith("upload ready", first.ReadLine(TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
            await UploadFaultTests.WaitFor(() => proxy.HeldAnswers >= 2, "the server to answer both creation POSTs");
            first.Kill();
        }
        vehicle.Reopen();
        Assert.Equal(["small-1", "small-2"], vehicle.Spool.Entries().Select(e => e.ClipId).Order());
        Assert.All(vehicle.Spool.Entries(), e => Assert.Null(e.UploadUrl));   // the vehicle never learnt them

        string direct = vehicle.WriteConfig(_server.Endpoint);
        using (PeerProcess second = OnboardCli.Start("upload", "run", "--spool", vehicle.SpoolDirectory, "--config", direct, "--until-empty"))
        {
            Assert.True(second.WaitForExit(TimeSpan.FromSeconds(120)), "onboard upload run --until-empty did not finish");
            Assert.True(second.ExitCode == 0, second.StandardError);
        }

        vehicle.Reopen();
        vehicle.AssertDelivered(_server, decrypt: true);
        Assert.Equal(4, _server.Requests("POST"));   // the two held creations, the two after the restart
        // The held creations cost two empty uploads on the server, never a clip's bytes.
        Assert.Equal(2, _server.Uploads().Count(u => !u.Complete));
        Assert.All(_server.Uploads().Where(u => !u.Complete), u => Assert.Equal(0, u.Bytes));
    }

    [Fact]
    public async Task Upload_PausedDuringTheOnlyPatchOfAOneChunkClip_ResumesAndTheClipArrivesOnce()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("small", 40_000);
        vehicle.Options = vehicle.Options with { MaxBytesPerSecond = 20_000, Concurrency = 1 };
        using Uploader uploader = vehicle.CreateUploader();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Task run = uploader.RunUntilEmptyAsync(stop.Token);

        // The body streams through the bandwidth cap for about 2 s: pause once it has begun.
        await UploadFaultTests.WaitFor(() => uploader.Status().BytesPerSecond > 0, "the PATCH to start sending");
        uploader.Gate.Pause();
        await UploadFaultTests.WaitFor(() => uploader.Status().InFlightClips == 0, "the paused upload to stop");
        uploader.Gate.Allow();
        await run;

        vehicle.AssertDelivered(_server);
        Assert.Equal(1, _server.Requests("POST"));
        Assert.True(_server.Requests("PATCH") >= 1, "the clip's bytes went in its creation POST, not in a PATCH after the URL was persisted");
        Assert.Single(_server.Uploads());
    }

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
    }
}
