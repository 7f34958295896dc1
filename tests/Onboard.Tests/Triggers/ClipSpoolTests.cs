using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Clips.Recording;
using Onboard.Runtime.Upload.Spool;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Triggers;

/// <summary>
/// The plaintext clip spool: the quota evicts lower priority, then older clips first (and across a restart, from the
/// clips' lineage); a clip that cannot fit is refused; a SIGKILL mid-write leaves no partial clip, and the next start
/// removes the temp file and counts it.
/// </summary>
public sealed class ClipSpoolTests
{
    private static ClipInfo Info(string id, int priority, int minute) =>
        new(id, "front", ["t"], priority, new DateTimeOffset(2026, 12, 1, 0, minute, 0, TimeSpan.Zero));

    private static ClipStored Store(PlainClipStore store, ClipInfo info, int bytes) => store.Store(info, s =>
    {
        using var clip = new ClipWriter(s, new McapWriterOptions { LeaveOpen = true });
        clip.Mcap.WriteMetadata("pad", new Dictionary<string, string> { ["x"] = new string('x', bytes) });
        clip.WriteLineage(new ClipLineage { ClipId = info.ClipId, Priority = info.Priority });
        clip.Finish();
    });

    [Fact]
    public void Quota_Full_EvictsLowerPriorityThenOlder_RefusesWhatCannotFit_AndRemembersPrioritiesAcrossARestart()
    {
        using var dir = new TempDirectory();
        var quota = new SpoolQuota(2_500_000);
        PlainClipStore store = PlainClipStore.Open(dir.Path, quota);
        Assert.True(Store(store, Info("a-low-old", 1, 0), 700_000).Admitted);
        Assert.True(Store(store, Info("b-high", 8, 1), 700_000).Admitted);
        Assert.True(Store(store, Info("c-low-new", 1, 2), 700_000).Admitted);

        ClipStored d = Store(store, Info("d-mid", 5, 3), 700_000);
        Assert.True(d.Admitted);
        Assert.Equal(["a-low-old"], d.Evicted);

        // Reopened, the store knows each clip's priority from its lineage: a priority-0 clip may evict nothing.
        store = PlainClipStore.Open(dir.Path, quota);
        ClipStored e = Store(store, Info("e-zero", 0, 4), 700_000);
        Assert.False(e.Admitted);
        Assert.NotNull(e.RefusedReason);
        ClipStored f = Store(store, Info("f-mid", 5, 5), 700_000);
        Assert.Equal(["c-low-new"], f.Evicted);
        Assert.Equal(["b-high", "d-mid", "f-mid"], Directory.GetFiles(dir.Path).Select(Path.GetFileNameWithoutExtension).Order());
        ClipStored huge = Store(store, Info("g-huge", 9, 6), 3_000_000);
        Assert.False(huge.Admitted);
        Assert.Contains("larger than the whole spool quota", huge.RefusedReason);
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFile.TempSuffix));
    }

    [Fact]
    public void Run_SigkilledWhileWritingClips_LeavesOnlyWholeClips_AndTheNextStartCountsTheTempFile()
    {
        using var dir = new TempDirectory();
        string spool = Path.Combine(dir.Path, "spool");
        using (var run = new TriggerRun(dir.Path, """
            [ { "id": "often", "kind": "periodic", "everySeconds": 0.3, "preSeconds": 0.3, "postSeconds": 0.2, "cooldownSeconds": 0,
                "maxPerHour": 100000, "maxPerDay": 100000 } ]
            """))
        {
            run.WaitForClips(3);
            run.Kill();
        }
        Assert.All(Directory.GetFiles(spool, "*.mcap"), AssertWhole);
        // Whatever the kill cut short is a .partial; plant one more, cut mid-file, as a kill mid-write leaves it.
        string whole = Directory.GetFiles(spool, "*.mcap")[0];
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(Path.Combine(spool, "front-cut.mcap" + AtomicFile.TempSuffix), bytes[..(bytes.Length / 2)]);
        int partials = Directory.GetFiles(spool, "*" + AtomicFile.TempSuffix).Length;

        using var next = new TriggerRun(dir.Path, """[ { "id": "driver", "kind": "manual" } ]""");
        Assert.Contains(next.Lines, l => l.StartsWith("clips ready ", StringComparison.Ordinal) && l.EndsWith($" temp-files-removed={partials}", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(spool, "*" + AtomicFile.TempSuffix));
        Assert.True(next.Stop() == 0, next.StandardError);
    }

    /// <summary>The clip reads whole: every record, CRC and the summary valid.</summary>
    internal static void AssertWhole(string clip)
    {
        using McapReader reader = McapReader.Open(clip);
        McapReadResult result = reader.Scan(new NoHandler());
        Assert.True(result.Complete, $"{clip} is not whole: {result.Stop}");
    }

    private sealed class NoHandler : IMcapHandler
    {
        public void OnMessage(in McapMessage message)
        {
        }
    }
}
