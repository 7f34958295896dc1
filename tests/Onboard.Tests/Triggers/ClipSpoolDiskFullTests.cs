using System.Globalization;
using System.Text.Json;
using Onboard.Runtime.Clips;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Triggers;

/// <summary>
/// The spool's disk really fills: a 1 MiB tmpfs mounted as <c>clips.spool</c> under the real <c>onboard run</c>, clips
/// cut by manual triggers until one no longer fits (the quota is far larger, so the disk is what stops it).
/// </summary>
public sealed class ClipSpoolDiskFullTests
{
    private const string Wrote = "clips: wrote ";
    private const string CouldNotWrite = "clips: could not write ";

    [TmpfsFact]
    public void Run_SpoolDiskFull_ErrorNamesSpoolAndEnospc_CountedInHealth_NoPartialClip_FramesGoOn_NextClipLandsOnceFreed()
    {
        using var dir = new TempDirectory();
        using var disk = Tmpfs.Mount(Path.Combine(dir.Path, "spool"), 1 << 20);
        using var run = new TriggerRun(dir.Path, """
            [ { "id": "driver", "kind": "manual", "preSeconds": 1, "postSeconds": 0.3, "cooldownSeconds": 0,
                "maxPerHour": 1000, "maxPerDay": 1000 } ]
            """, """, "quotaMb": 64""");
        using var health = new PythonSubscriber(run.PublishEndpoint, "health", int.MaxValue);
        Thread.Sleep(1000);   // a second of frames in the pre-buffer: each clip is about the same size

        string failure = "";
        int written = 0;
        for (int i = 0; i < 30 && failure.Length == 0; i++)
        {
            string line = Cut(run);
            if (line.StartsWith(Wrote, StringComparison.Ordinal))
            {
                written++;
            }
            else
            {
                failure = line;
            }
        }
        Assert.True(failure.Length > 0, $"{written} clips fit in 1 MiB");
        Assert.True(written >= 1, failure);
        Assert.Contains($" into {run.Spool}: ", failure);
        Assert.Contains("ENOSPC", failure);
        // The clip that did not fit left nothing (no temp file holding the space either), the whole ones are intact.
        Assert.Empty(Directory.GetFiles(run.Spool, "*" + AtomicFile.TempSuffix));
        string[] clips = Directory.GetFiles(run.Spool, "*.mcap");
        Assert.Equal(written, clips.Length);
        Assert.All(clips, ClipSpoolTests.AssertWhole);

        // Counted in Health, and the camera goes on publishing frames.
        JsonElement counted = NextHealth(health, "Health counting the failed write", h => ClipWriteErrors(h) >= 1);
        Assert.Equal(1, ClipWriteErrors(counted));
        long published = FramesPublished(counted);
        JsonElement later = NextHealth(health, "Health with 5 more frames published", h => FramesPublished(h) >= published + 5);
        Assert.Equal(1, ClipWriteErrors(later));

        // Space freed (as the uploader does once clips are up): the next clip lands, whole.
        foreach (string clip in clips)
        {
            File.Delete(clip);
        }
        string landed = Cut(run);
        Assert.StartsWith(Wrote, landed);
        ClipSpoolTests.AssertWhole(Assert.Single(Directory.GetFiles(run.Spool, "*.mcap")));
        Assert.True(run.Stop() == 0, run.StandardError);
    }

    /// <summary>A manual trigger, and the recorder's outcome for its clip (written or not).</summary>
    private static string Cut(TriggerRun run)
    {
        var (code, _, error) = OnboardCli.Run("trigger", "--camera", "front", "--control", run.ControlEndpoint);
        Assert.True(code == 0, error);
        return run.NextLogLine(l => l.StartsWith(Wrote, StringComparison.Ordinal) || l.StartsWith(CouldNotWrite, StringComparison.Ordinal));
    }

    private static JsonElement NextHealth(PythonSubscriber health, string what, Func<JsonElement, bool> match) =>
        health.Next(what, r => match(r.GetProperty("message")), TimeSpan.FromSeconds(60)).GetProperty("message");

    private static long ClipWriteErrors(JsonElement health) => Int64(health.GetProperty("clips").GetProperty("clip_write_errors"));

    private static long FramesPublished(JsonElement health) => Int64(health.GetProperty("frames_published"));

    private static long Int64(JsonElement value) => long.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
