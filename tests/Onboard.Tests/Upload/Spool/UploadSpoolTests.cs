using Onboard.Runtime.Upload.Envelope;
using Onboard.Runtime.Upload.Spool;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Spool;

public sealed class UploadSpoolTests : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly CloudPublicKey _key;
    private readonly TempDirectory _dir = new();

    public UploadSpoolTests()
    {
        _key = CloudPublicKey.Load(_keys.PublicKey);
    }

    [Fact]
    public void Entries_AreInPriorityThenAgeOrder()
    {
        UploadSpool spool = UploadSpool.Open(_dir.File("spool"));
        Add(spool, "low-old", 0, 0);
        Add(spool, "high-new", 5, 30);
        Add(spool, "high-old", 5, 10);
        Add(spool, "low-new", 0, 20);
        Assert.Equal(["high-old", "high-new", "low-old", "low-new"], spool.Entries().Select(e => e.ClipId));
        Assert.Equal(["high-old", "high-new", "low-old", "low-new"], UploadSpool.Open(_dir.File("spool")).Entries().Select(e => e.ClipId));
    }

    [Fact]
    public void Open_AfterACrash_RemovesTempFilesAndOrphansCountsThemAndKeepsWholeClips()
    {
        string dir = _dir.File("spool");
        UploadSpool spool = UploadSpool.Open(dir);
        Add(spool, "whole", 0, 0);
        Add(spool, "completed", 0, 1);
        File.Delete(spool.CiphertextPath("completed"));            // killed between writing the state and renaming the envelope in
        File.WriteAllText(Path.Combine(dir, "cut.mcap.enc.tmp"), "half an envelope");   // killed while admitting
        File.WriteAllText(Path.Combine(dir, "whole.state.json.tmp"), "{ \"half");       // killed while rewriting a state
        File.WriteAllText(Path.Combine(dir, "stranger.mcap.enc"), "not ours");

        UploadSpool reopened = UploadSpool.Open(dir);

        Assert.Equal(2, reopened.Recovery.TempFilesRemoved);
        Assert.Equal(1, reopened.Recovery.OrphanStatesRemoved);
        Assert.Equal(1, reopened.Recovery.UnknownFiles);
        Assert.Equal(["whole"], reopened.Entries().Select(e => e.ClipId));
        Assert.False(File.Exists(Path.Combine(dir, "cut.mcap.enc.tmp")));
        Assert.True(File.Exists(Path.Combine(dir, "stranger.mcap.enc")), "a file the spool does not know is never deleted");
    }

    [Fact]
    public void Open_CrashInsideACompletion_FinishesItAndCountsTheClipOnce()
    {
        string dir = _dir.File("spool");
        UploadSpool spool = UploadSpool.Open(dir);
        Add(spool, "done", 0, 0);
        Add(spool, "next", 0, 1);
        string state = File.ReadAllText(Path.Combine(dir, "done.state.json"));
        spool.Complete(spool.Get("done")!);
        File.WriteAllText(Path.Combine(dir, "done.state.json"), state);   // as if killed after counting, before the deletes

        UploadSpool reopened = UploadSpool.Open(dir);

        Assert.Equal(1, reopened.Recovery.CompletionsFinished);
        Assert.Equal(["next"], reopened.Entries().Select(e => e.ClipId));
        Assert.Equal(1, reopened.Counters.UploadedClips);
        Assert.False(File.Exists(Path.Combine(dir, "done.state.json")));
    }

    [Fact]
    public void CreateClip_DisposedWithoutCommit_LeavesNothingBehind()
    {
        UploadSpool spool = UploadSpool.Open(_dir.File("spool"));
        using (SpoolClipWriter writer = spool.CreateClip(Info("abandoned", 0, 0), _key))
        {
            writer.Stream.Write(new byte[5000]);
        }
        Assert.Empty(Directory.GetFiles(_dir.File("spool")));
        Assert.Empty(spool.Entries());
    }

    [TmpfsFact]
    public void CreateClip_DiskFullMidClip_FailsWithENOSPC_LeavesNothingBehind_AndTheClipCanBeWrittenOnceThereIsRoom()
    {
        using var disk = Tmpfs.Mount(_dir.File("spool"), 256 * 1024);
        UploadSpool spool = UploadSpool.Open(disk.Path);
        long free = new DriveInfo(disk.Path).AvailableFreeSpace;
        IOException? full = null;
        using (SpoolClipWriter writer = spool.CreateClip(Info("big", 0, 0), _key))
        {
            try
            {
                for (int i = 0; i < 64; i++)
                {
                    writer.Stream.Write(new byte[16 * 1024]);
                }
                writer.Commit();
            }
            catch (IOException e)
            {
                full = e;
            }
        }
        Assert.NotNull(full);
        Assert.Equal(28, full.HResult);   // ENOSPC
        Assert.Empty(Directory.GetFiles(disk.Path));
        Assert.Equal(free, new DriveInfo(disk.Path).AvailableFreeSpace);
        Assert.Empty(spool.Entries());
        // The spool let go of the clip: the same id is written whole once it fits.
        Assert.True(Add(spool, "big", 0, 0).Admitted);
    }

    [Fact]
    public void AdmitFile_EncryptsDeletesThePlaintextAndIsIdempotentAfterACrash()
    {
        UploadSpool spool = UploadSpool.Open(_dir.File("spool"));
        string plain = _dir.File("clip-1.mcap");
        File.WriteAllBytes(plain, new byte[10_000]);

        SpoolAdmission first = spool.AdmitFile(plain, Info("clip-1", 0, 0), _key);
        Assert.True(first.Admitted);
        Assert.False(File.Exists(plain), "no plaintext clip stays on disk");
        Assert.Equal(ClipEnvelope.CiphertextLength(10_000), new FileInfo(spool.CiphertextPath("clip-1")).Length);

        File.WriteAllBytes(plain, new byte[10_000]);   // as if killed after the envelope was committed, before the delete
        SpoolAdmission again = spool.AdmitFile(plain, Info("clip-1", 0, 0), _key);
        Assert.Equal(first.Entry, again.Entry);
        Assert.False(File.Exists(plain));
    }

    [Fact]
    public void Commit_OverQuota_EvictsByTheSharedRuleAndReportsTheIds()
    {
        UploadSpool spool = UploadSpool.Open(_dir.File("spool"), new SpoolQuota(3 * ClipEnvelope.CiphertextLength(1000)));
        var evicted = new List<string>();
        spool.Evicted += (_, ids) => evicted.AddRange(ids);
        Add(spool, "a", 1, 0);
        Add(spool, "b", 0, 5);
        Add(spool, "c", 1, 1);
        SpoolAdmission d = Add(spool, "d", 1, 9);
        Assert.Equal(["b"], d.Evicted);
        Assert.Equal(["b"], evicted);
        Assert.False(File.Exists(spool.CiphertextPath("b")));
        Assert.Equal(1, UploadSpool.Open(_dir.File("spool")).Counters.EvictedClips);
    }

    private SpoolAdmission Add(UploadSpool spool, string id, int priority, int seconds)
    {
        using SpoolClipWriter writer = spool.CreateClip(Info(id, priority, seconds), _key);
        writer.Stream.Write(new byte[1000]);
        return writer.Commit();
    }

    private static ClipInfo Info(string id, int priority, int seconds) => new(id, "front", ["t"], priority, s_t0.AddSeconds(seconds));

    public void Dispose()
    {
        _key.Dispose();
        _keys.Dispose();
        _dir.Dispose();
    }
}
