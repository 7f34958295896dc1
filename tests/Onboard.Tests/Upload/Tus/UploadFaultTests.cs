using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Spool;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Tus;

/// <summary>
/// The uploader against the real tus server (@tus/server + @tus/file-store) and its fault-injecting front. Every test
/// ends with the server holding exactly one complete upload per clip, byte-identical to the encrypted clip, and the
/// spool empty (unless the server refused a clip, which stays).
/// </summary>
public sealed class UploadFaultTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(120);
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly TusServerPeer _server = new();

    [Fact]
    public async Task Upload_HealthyServer_DeliversEachClipOnceWithItsMetadata()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint, vehicleId: "vehicle-7");
        vehicle.AddClip("clip-a", 300_000, priority: 1);
        vehicle.AddClip("clip-b", 0);
        vehicle.AddClip("clip-c", 65_536 - 181 - 16);   // an envelope of exactly one chunk
        using Uploader uploader = vehicle.CreateUploader();

        await RunUntilEmpty(uploader);

        vehicle.AssertDelivered(_server, decrypt: true);
        StoredUpload a = _server.Uploads().Single(u => u.Metadata["clipId"] == "clip-a");
        Assert.Equal("front", a.Metadata["camera"]);
        Assert.Equal("vehicle-7", a.Metadata["vehicleId"]);
        Assert.Equal("lowConfidence,manual", a.Metadata["triggerIds"]);
        Assert.Equal("clip-a.mcap.enc", a.Metadata["filename"]);
        Assert.Equal(3, _server.Requests("POST"));
        // Created empty, then PATCHed in 64 KiB chunks: 300 197 bytes in 5, the 197-byte empty clip and the one-chunk clip in 1 each.
        Assert.Equal(7, _server.Requests("PATCH"));
        UploadStatus status = uploader.Status();
        Assert.Equal(3, status.UploadedClips);
        Assert.Equal(0, status.QueuedClips);
        Assert.Equal(0, status.Retries);
    }

    [Fact]
    public async Task Upload_Server409OnPatch_AsksTheOffsetAndContinues()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("clip-1", 400_000);
        _server.InjectFault("PATCH", 409, count: 2);
        using Uploader uploader = vehicle.CreateUploader();

        await RunUntilEmpty(uploader);

        vehicle.AssertDelivered(_server);
        Assert.Equal(2, vehicle.Spool.Counters.FailuresByReason["offset-conflict"]);
        Assert.Equal(1, _server.Requests("POST"));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Upload_ServerLostTheUpload_CreatesItAnewAndCountsIt(int status)
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("clip-1", 400_000);
        _server.InjectFault("PATCH", status);   // the front removes the upload from the store, then answers
        using Uploader uploader = vehicle.CreateUploader();

        await RunUntilEmpty(uploader);

        vehicle.AssertDelivered(_server);
        Assert.Equal(1, vehicle.Spool.Counters.Recreated);
        Assert.Equal(2, _server.Requests("POST"));
        Assert.Single(_server.Uploads());   // the lost one is gone from the store: nothing left behind
    }

    [Fact]
    public async Task Upload_Server413_RefusesThatClipKeepsItAndUploadsTheOthers()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("big", 200_000, priority: 9);
        vehicle.AddClip("small", 50_000);
        _server.InjectFault("POST", 413);   // the first creation: one at a time, the high-priority clip goes first
        vehicle.Options = vehicle.Options with { Concurrency = 1 };
        using Uploader uploader = vehicle.CreateUploader();

        await RunUntilEmpty(uploader);

        SpoolEntry refused = Assert.Single(vehicle.Spool.Entries());
        Assert.Equal("big", refused.ClipId);
        Assert.Contains("too large", refused.RefusedReason, StringComparison.Ordinal);
        Assert.True(File.Exists(vehicle.Spool.CiphertextPath("big")), "a refused clip is kept");
        Assert.Single(_server.Uploads(), u => u.Complete && u.Metadata["clipId"] == "small");
        Assert.Contains("big: ", Assert.Single(uploader.Status().Refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ClipAboveTusMaxSize_RefusedWithoutCreatingAnUpload()
    {
        using var limited = new TusServerPeer(maxSize: 100_000);
        using var vehicle = new UploadVehicle(_keys, limited.Endpoint);
        vehicle.AddClip("too-big", 150_000);
        vehicle.AddClip("fits", 20_000);
        using Uploader uploader = vehicle.CreateUploader();

        await RunUntilEmpty(uploader);

        Assert.Contains("Tus-Max-Size is 100000 bytes", vehicle.Spool.Get("too-big")!.RefusedReason, StringComparison.Ordinal);
        Assert.Equal(1, limited.Requests("POST"));
        Assert.Single(limited.Uploads(), u => u.Complete && u.Metadata["clipId"] == "fits");
    }

    [Fact]
    public async Task Upload_Server500s_RetriesWithBackoffUntilDelivered()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("clip-1", 300_000);
        vehicle.AddClip("clip-2", 100_000);
        _server.InjectFault("POST", 500, count: 2);
        _server.InjectFault("PATCH", 500, count: 3);
        _server.InjectFault("HEAD", 503, count: 2);
        using Uploader uploader = vehicle.CreateUploader();

        await RunUntilEmpty(uploader);

        vehicle.AssertDelivered(_server);
        Assert.Equal(7, vehicle.Spool.Counters.FailuresByReason["server-5xx"]);
        Assert.Equal(7, vehicle.Spool.Counters.Retries);
    }

    [Fact]
    public async Task Upload_ServerKilledMidUploadAndRestarted_ResumesAndDelivers()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("clip-1", 2_000_000);
        vehicle.AddClip("clip-2", 1_000_000);
        vehicle.Options = vehicle.Options with { MaxBytesPerSecond = 2_000_000 };
        using Uploader uploader = vehicle.CreateUploader();
        using var stop = new CancellationTokenSource(s_limit);
        Task run = uploader.RunUntilEmptyAsync(stop.Token);

        await WaitFor(() => _server.BytesWritten() > 600_000, "the server to receive 600 kB");
        long retries = vehicle.Spool.Counters.Retries;
        _server.Kill();
        // The uploader meets the dead server (the PATCH cut, connections refused, backoff) before it comes back.
        await WaitFor(() => vehicle.Spool.Counters.Retries > retries, "the uploader to meet the dead server");
        _server.Restart();
        await run;

        vehicle.AssertDelivered(_server, decrypt: true);
        Assert.True(vehicle.Spool.Counters.Retries > 0, "the dead server must have cost retries");
        Assert.Equal(2, _server.Uploads().Count);   // resumed, not re-created
    }

    [Fact]
    public async Task Upload_PausedMidUpload_KeepsTheServersProgressAndResumesOnAllow()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        vehicle.AddClip("clip-1", 1_500_000);
        vehicle.Options = vehicle.Options with { MaxBytesPerSecond = 1_000_000, Concurrency = 1 };
        using Uploader uploader = vehicle.CreateUploader();
        using var stop = new CancellationTokenSource(s_limit);
        Task run = uploader.RunUntilEmptyAsync(stop.Token);

        await WaitFor(() => _server.BytesWritten() > 300_000, "the server to receive 300 kB");
        uploader.Gate.Pause();
        await WaitFor(() => uploader.Status().InFlightClips == 0, "the paused upload to stop");
        await WaitFor(() => _server.Writing() == 0, "the server to finish writing what the cancelled PATCH sent");
        long held = _server.BytesWritten();
        await Task.Delay(300);
        Assert.Equal(held, _server.BytesWritten());   // nothing moves while paused
        Assert.False(uploader.Status().Allowed);
        uploader.Gate.Allow();
        await run;

        vehicle.AssertDelivered(_server);
        Assert.Equal(1, _server.Requests("POST"));
        Assert.True(_server.BytesWritten() < vehicle.Clips["clip-1"].Entry.CiphertextBytes + (64 * 1024),
            $"the server received {_server.BytesWritten()} bytes for one {vehicle.Clips["clip-1"].Entry.CiphertextBytes}-byte clip: progress was lost");
    }

    [Fact]
    public async Task Upload_QuotaReachedWhilePaused_EvictsLowPriorityOldestThenUploadsTheRest()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint, quota: new SpoolQuota(1_000_000));
        vehicle.Options = vehicle.Options with { Allowed = false };
        using Uploader uploader = vehicle.CreateUploader();
        using var stop = new CancellationTokenSource(s_limit);
        Task run = uploader.RunUntilEmptyAsync(stop.Token);

        vehicle.AddClip("old-low", 300_000, priority: 1, ageSeconds: 0);
        vehicle.AddClip("new-low", 300_000, priority: 1, ageSeconds: 10);
        vehicle.AddClip("high", 300_000, priority: 5, ageSeconds: 5);
        SpoolAdmission fourth = vehicle.AddClip("newest", 300_000, priority: 2, ageSeconds: 20);
        SpoolAdmission giant = vehicle.AddClip("giant", 900_000, priority: 0, ageSeconds: 30);
        Assert.Equal(["old-low"], fourth.Evicted);
        Assert.False(giant.Admitted);
        Assert.Contains("does not fit", giant.RefusedReason, StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests("POST"));   // paused: nothing went out

        uploader.Gate.Allow();
        uploader.Notify();
        await run;

        vehicle.AssertDelivered(_server);
        Assert.Equal(3, _server.Uploads().Count);
        Assert.DoesNotContain(_server.Uploads(), u => u.Metadata["clipId"] is "old-low" or "giant");
        Assert.Equal(1, vehicle.Spool.Counters.EvictedClips);
    }

    internal static async Task RunUntilEmpty(Uploader uploader)
    {
        using var stop = new CancellationTokenSource(s_limit);
        await uploader.RunUntilEmptyAsync(stop.Token);
    }

    internal static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + s_limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
    }
}
