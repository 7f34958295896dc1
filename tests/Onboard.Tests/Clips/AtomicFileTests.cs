using Onboard.Runtime.Clips;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips;

public sealed class AtomicFileTests
{
    [Fact]
    public void AtomicFile_Commit_AppearsWholeUnderItsNameAndNoTempRemains()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.mcap");
        using (var file = AtomicFile.Create(path))
        {
            file.Stream.Write([1, 2, 3]);
            Assert.False(File.Exists(path));
            Assert.True(File.Exists(path + AtomicFile.TempSuffix));
            file.Commit();
        }
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFile.TempSuffix));
    }

    [Fact]
    public void AtomicFile_DisposedWithoutCommit_LeavesNothing()
    {
        using var dir = new TempDirectory();
        string path = dir.File("b.mcap");
        using (var file = AtomicFile.Create(path))
        {
            file.Stream.Write([1]);
        }
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [TmpfsFact]
    public void AtomicFile_DiskFullMidWrite_IsENOSPC_AndDisposeStillRemovesTheTempFileAndFreesItsSpace()
    {
        using var dir = new TempDirectory();
        using var disk = Tmpfs.Mount(dir.File("disk"), 256 * 1024);
        long free = new DriveInfo(disk.Path).AvailableFreeSpace;
        var chunk = new byte[16 * 1024];
        IOException? full = null;
        using (var file = AtomicFile.Create(Path.Combine(disk.Path, "d.mcap")))
        {
            // Writes land in the stream's buffer: the disk refuses one of its flushes, and the buffer still holds
            // bytes that Dispose's own flush cannot write either.
            for (int i = 0; i < 64 && full is null; i++)
            {
                try
                {
                    file.Stream.Write(chunk);
                }
                catch (IOException e)
                {
                    full = e;
                }
            }
        }
        Assert.NotNull(full);
        Assert.Equal(28, full.HResult);   // ENOSPC, which the recorder's log names
        Assert.Empty(Directory.GetFiles(disk.Path));
        Assert.Equal(free, new DriveInfo(disk.Path).AvailableFreeSpace);
    }

    [Fact]
    public void AtomicFile_CommitOntoExistingWithoutOverwrite_RefusesAndKeepsTheOld()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.mcap");
        File.WriteAllBytes(path, [9]);
        using (var file = AtomicFile.Create(path))
        {
            file.Stream.Write([1]);
            Assert.Throws<IOException>(() => file.Commit());
        }
        Assert.Equal([9], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AtomicFile_RemoveStale_DeletesWhatAKilledWriterLeftAndCountsIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("whole.mcap"), [1]);
        // A writer killed mid-clip: its temporary file is all that is left (SIGKILL runs no cleanup).
        var abandoned = AtomicFile.Create(dir.File("killed.mcap"));
        abandoned.Stream.Write(new byte[1000]);
        abandoned.Stream.Flush();

        var removed = AtomicFile.RemoveStale(dir.Path);

        Assert.Equal([dir.File("killed.mcap") + AtomicFile.TempSuffix], removed);
        Assert.Equal(["whole.mcap"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        abandoned.Stream.Dispose();
    }
}
