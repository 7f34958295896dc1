using System.Text.Json.Nodes;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Spool;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Upload.Tus;

namespace Onboard.Tests.Upload.Run;

/// <summary>
/// Uploads inside <c>onboard run</c> (<c>upload</c> configured, the spool <c>clips.spool</c>) against the real
/// <c>@tus/server</c>, steered at run time over the control socket by the real CLI; each test ends with the server
/// holding exactly one complete, byte-identical upload per clip and the spool empty.
/// </summary>
public sealed class RunUploadTests : IDisposable
{
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly TusServerPeer _server = new();

    [Fact]
    public async Task Run_PauseAndAllowOverTheControlSocket_ResumeWithoutLosingProgress()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        for (int i = 0; i < 3; i++)
        {
            vehicle.AddClip($"clip-{i}", 1_000_000, priority: i);
        }
        long total = vehicle.Clips.Values.Sum(c => c.Entry.CiphertextBytes);
        // 400 kB/s: the 3 MB take 7.5 s, so the pause (a CLI process started after 800 kB, slow on a loaded machine) lands mid-upload.
        using var run = new UploadingRun(vehicle, _server.Endpoint, allowed: false, maxBytesPerSecond: 400_000);
        Assert.Contains(run.Lines, l => l.StartsWith("upload ready ", StringComparison.Ordinal) && l.Contains(" clips=3 ", StringComparison.Ordinal));

        // upload.allowed false: nothing leaves until allowed.
        var (code, output, error) = OnboardCli.Run("upload", "status", "--control", run.ControlEndpoint);
        Assert.True(code == 0, error);
        Assert.StartsWith("upload queued=3 ", output, StringComparison.Ordinal);
        Assert.EndsWith("allowed=no", output, StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests("POST"));

        Assert.Equal("upload allowed=yes", OnboardCli.Run("upload", "allow", "--control", run.ControlEndpoint).Output);
        await UploadFaultTests.WaitFor(() => _server.BytesWritten() > 800_000, "the server to receive 800 kB");
        Assert.Equal("upload allowed=no", OnboardCli.Run("upload", "pause", "--control", run.ControlEndpoint).Output);
        await UploadFaultTests.WaitFor(() => run.Status().InFlightClips == 0, "the paused uploads to stop");
        await UploadFaultTests.WaitFor(() => _server.Writing() == 0, "the server to finish writing what the cancelled PATCHes sent");
        long held = _server.BytesWritten();
        await Task.Delay(500);
        Assert.Equal(held, _server.BytesWritten());   // nothing moves while paused
        UploadStatus paused = run.Status();
        Assert.False(paused.Allowed);
        Assert.True(paused.UploadedClips < 3, "the clips were all sent before the pause: the test proves nothing");

        // The live run's socket from an independent client: garbage and an unknown verb get error replies, the run goes on.
        using (var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("control_client.py"), run.ControlEndpoint,
            "garbage", """{"verb": "upload.explode"}""", """{"verb": "upload.allow"}"""))
        {
            var replies = new List<JsonObject>();
            while (peer.ReadLine(TimeSpan.FromSeconds(30)) is { } line)
            {
                replies.Add(JsonNode.Parse(line)!.AsObject());
            }
            Assert.True(peer.WaitForExit(TimeSpan.FromSeconds(30)) && peer.ExitCode == 0, peer.StandardError);
            Assert.Equal(3, replies.Count);
            Assert.StartsWith("malformed request: not JSON", replies[0]["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith("unknown verb \"upload.explode\"", replies[1]["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(replies[2]["allowed"]!.GetValue<bool>());
        }
        await UploadFaultTests.WaitFor(() => run.Status() is { QueuedClips: 0, UploadedClips: 3 }, "every clip uploaded");
        Health health = UploadHealthOf(run, h => h.Upload is { UploadedClips: 3, QueuedClips: 0 });

        Assert.True(run.Stop() == 0, run.StandardError);
        Assert.Contains(run.Lines, l => l.StartsWith("upload queued=0 ", StringComparison.Ordinal) && l.Contains(" uploaded=3 ", StringComparison.Ordinal));
        vehicle.Reopen();
        vehicle.AssertDelivered(_server, decrypt: true);
        Assert.Equal(3, _server.Requests("POST"));
        // Resumed, not restarted: a pause costs at most the chunks in flight (2 workers × 64 KiB).
        Assert.True(_server.BytesWritten() <= total + (2 * 64 * 1024),
            $"the server wrote {_server.BytesWritten()} bytes for {total}: the pause lost progress");
        Assert.True(health.Upload.Allowed);
        Assert.Equal((ulong)total, health.Upload.UploadedBytes);
        Assert.Equal(0u, health.Upload.UploadingClips);
    }

    [Fact]
    public async Task Run_SigkilledMidUpload_RestartResumesFromTheServersOffsetAndDeliversAll()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        for (int i = 0; i < 3; i++)
        {
            vehicle.AddClip($"clip-{i}", 1_000_000);
        }
        long total = vehicle.Clips.Values.Sum(c => c.Entry.CiphertextBytes);

        using (var first = new UploadingRun(vehicle, _server.Endpoint, allowed: true, maxBytesPerSecond: 1_000_000))
        {
            await UploadFaultTests.WaitFor(() => _server.BytesWritten() > 1_200_000, "the server to receive 1.2 MB");
            first.Kill();
        }
        vehicle.Reopen();
        Assert.Equal(0, vehicle.Spool.Recovery.UnreadableStates);
        foreach (SpoolEntry e in vehicle.Spool.Entries())
        {
            Assert.Equal(e.CiphertextBytes, new FileInfo(vehicle.Spool.CiphertextPath(e.ClipId)).Length);
        }

        using (var second = new UploadingRun(vehicle, _server.Endpoint, allowed: true, maxBytesPerSecond: 0))
        {
            await UploadFaultTests.WaitFor(() => second.Status() is { QueuedClips: 0, PendingTerminations: 0 }, "every clip uploaded after the restart");
            Assert.True(second.Stop() == 0, second.StandardError);
        }

        vehicle.Reopen();
        vehicle.AssertDelivered(_server, decrypt: true);
        Assert.Equal(3, vehicle.Spool.Counters.UploadedClips);
        // A kill between a creation and its state write can cost an extra, EMPTY upload, never a prefix sent again.
        Assert.All(_server.Uploads().Where(u => !u.Complete), u => Assert.Equal(0, u.Bytes));
        Assert.True(_server.BytesWritten() <= total + (2 * 64 * 1024),
            $"the server wrote {_server.BytesWritten()} bytes for {total}: the restart resent more than the chunks in flight");
    }

    /// <summary>The first Health on the run's publisher whose <c>upload</c> satisfies <paramref name="condition"/>.</summary>
    private static Health UploadHealthOf(UploadingRun run, Func<Health, bool> condition)
    {
        using var context = new ZmqContext();
        using ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.Linger = TimeSpan.Zero;
        sub.ReceiveTimeout = TimeSpan.FromSeconds(30);
        sub.Subscribe("health");
        sub.Connect(run.PublishEndpoint);
        byte[] buffer = new byte[1 << 16];
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.True(sub.Receive(buffer, out bool more) >= 0 && more, "no health message");
            int size = sub.Receive(buffer, out _);
            Health h = Health.Parser.ParseFrom(buffer, 0, size);
            if (h.Upload is not null && condition(h))
            {
                return h;
            }
        }
        Assert.Fail("no Health with the expected upload numbers within 60 s");
        return null!;
    }

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
    }
}
