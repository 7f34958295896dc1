using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Spool;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Tus;

/// <summary>Faults of the link and of the uploader itself: a proxy that cuts or stalls a PATCH, and <c>onboard upload run</c> SIGKILLed mid-upload.</summary>
public sealed class UploadLinkFaultTests : IDisposable
{
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly TusServerPeer _server = new();

    [Fact]
    public async Task Upload_ProxyCutsAPatchAfterNBytes_ResumesFromTheServersOffset()
    {
        using var proxy = new TcpFaultProxy(_server.Port);
        using var vehicle = new UploadVehicle(_keys, Via(proxy));
        vehicle.AddClip("clip-1", 1_200_000);
        vehicle.AddClip("clip-2", 800_000);
        vehicle.Options = vehicle.Options with { ChunkKb = 256, MaxBytesPerSecond = 2_000_000 };
        using Uploader uploader = vehicle.CreateUploader();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        proxy.CutNextPatchAfter(100_000);
        Task run = uploader.RunUntilEmptyAsync(stop.Token);
        await UploadFaultTests.WaitFor(() => proxy.Faults >= 1 || run.IsCompleted, "the first cut");
        proxy.CutNextPatchAfter(30_000);
        await run;

        vehicle.AssertDelivered(_server, decrypt: true);
        Assert.True(proxy.Faults >= 1);
        Assert.Equal(2, _server.Requests("POST"));   // resumed, never created again from zero
        Assert.True(vehicle.Spool.Counters.FailuresByReason.GetValueOrDefault("connection") >= 1, "the cut must be counted");
        long total = vehicle.Clips.Values.Sum(c => c.Entry.CiphertextBytes);
        Assert.True(_server.BytesWritten() <= total + (256 * 1024), $"the server wrote {_server.BytesWritten()} bytes for {total}: the cut cost more than a chunk");
    }

    [Fact]
    public async Task Upload_ProxyStallsAPatch_TimesOutAndResumes()
    {
        using var proxy = new TcpFaultProxy(_server.Port);
        using var vehicle = new UploadVehicle(_keys, Via(proxy));
        vehicle.AddClip("clip-1", 700_000);
        // 3 s: short enough for the test, long enough that a healthy request on a loaded machine never times out (one timeout, the stall's).
        vehicle.Options = vehicle.Options with { ChunkKb = 128, Concurrency = 1, RequestTimeout = TimeSpan.FromSeconds(3) };
        proxy.StallNextPatchAfter(20_000);
        using Uploader uploader = vehicle.CreateUploader();

        await UploadFaultTests.RunUntilEmpty(uploader);

        vehicle.AssertDelivered(_server);
        Assert.Equal(1, proxy.Faults);
        Assert.Equal(1, vehicle.Spool.Counters.FailuresByReason["timeout"]);
        Assert.Equal(1, _server.Requests("POST"));
    }

    [Fact]
    public async Task UploadRun_SigkilledMidUploadThreeTimes_RestartsFromTheServersOffsetAndDeliversAll()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        for (int i = 0; i < 3; i++)
        {
            vehicle.AddClip($"clip-{i}", 1_500_000, priority: i % 2);
        }
        long total = vehicle.Clips.Values.Sum(c => c.Entry.CiphertextBytes);
        string config = vehicle.WriteConfig(_server.Endpoint, chunkKb: 64, maxBytesPerSecond: 1_500_000);
        string[] run = ["upload", "run", "--spool", vehicle.SpoolDirectory, "--config", config, "--until-empty"];

        foreach (long killAt in new[] { 300_000L, 1_600_000L, 3_000_000L })
        {
            using PeerProcess uploader = OnboardCli.Start(run);
            Assert.StartsWith("upload ready", uploader.ReadLine(TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
            await UploadFaultTests.WaitFor(() => _server.BytesWritten() > killAt, $"{killAt} bytes on the server");
            uploader.Kill();
            // The state after a SIGKILL at an arbitrary moment: every clip still whole with its state, none lost.
            vehicle.Reopen();
            Assert.Equal(0, vehicle.Spool.Recovery.UnreadableStates);
            Assert.Equal(0, vehicle.Spool.Recovery.UnknownFiles);
            foreach (SpoolEntry e in vehicle.Spool.Entries())
            {
                Assert.Equal(e.CiphertextBytes, new FileInfo(vehicle.Spool.CiphertextPath(e.ClipId)).Length);
            }
            // Each clip is in the spool, or complete on the server, or both (killed between the last byte and the local delete).
            var held = vehicle.Spool.Entries().Select(e => e.ClipId).Union(_server.Uploads().Where(u => u.Complete).Select(u => u.Metadata["clipId"]));
            Assert.Equal(vehicle.Clips.Keys.Order(), held.Order());
        }
        using (PeerProcess last = OnboardCli.Start(run))
        {
            Assert.True(last.WaitForExit(TimeSpan.FromSeconds(120)), "onboard upload run --until-empty did not finish");
            Assert.True(last.ExitCode == 0, last.StandardError);
        }

        vehicle.Reopen();
        vehicle.AssertDelivered(_server, decrypt: true);
        // Restarts resumed: a kill between a creation and its state write can cost an extra, EMPTY upload, never a
        // prefix sent again from zero.
        Assert.InRange(_server.Requests("POST"), 3, 3 + 3);
        Assert.All(_server.Uploads().Where(u => !u.Complete), u => Assert.Equal(0, u.Bytes));
        Assert.True(_server.BytesWritten() <= total + (3 * 2 * 64 * 1024),
            $"the server wrote {_server.BytesWritten()} bytes for {total}: restarts resent more than the chunks in flight");
        var (code, output, _) = OnboardCli.Run("upload", "status", "--spool", vehicle.SpoolDirectory);
        Assert.Equal(0, code);
        Assert.Contains("queued=0 ", output, StringComparison.Ordinal);
        Assert.Contains("uploaded=3 ", output, StringComparison.Ordinal);
    }

    private static Uri Via(TcpFaultProxy proxy) => new($"http://127.0.0.1:{proxy.Port}/files/");

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
    }
}
