using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Onboard.Runtime.Clips;

/// <summary>
/// A file that appears under its name whole or not at all: written as <c>NAME.partial</c>, then on
/// <see cref="Commit"/> flushed and fsynced, renamed to NAME (rename is atomic on one file system) and the directory
/// fsynced, so the new name survives a power cut too. Disposed without a commit (an exception, a cancelled clip), the
/// temporary file is deleted; after SIGKILL it stays behind under its <c>.partial</c> name, never mistaken for a whole
/// file, and <see cref="RemoveStale"/> clears it on the next start.
/// </summary>
public sealed partial class AtomicFile : IDisposable
{
    /// <summary>What a file being written is called until it is committed.</summary>
    public const string TempSuffix = ".partial";

    private bool _committed;
    private bool _disposed;

    private AtomicFile(string path, FileStream stream)
    {
        Path = path;
        TempPath = stream.Name;
        Stream = stream;
    }

    /// <summary>The name the file gets on commit.</summary>
    public string Path { get; }

    public string TempPath { get; }

    /// <summary>Where to write. Do not dispose it: <see cref="Commit"/> and <see cref="Dispose"/> do.</summary>
    public FileStream Stream { get; }

    /// <summary>Starts <c><paramref name="path"/>.partial</c>, replacing a stale one of that name.</summary>
    public static AtomicFile Create(string path, int bufferSize = 64 * 1024)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        var stream = new FileStream(full + TempSuffix, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize);
        return new AtomicFile(full, stream);
    }

    /// <summary>
    /// fsync, rename to <see cref="Path"/>, fsync the directory. With <paramref name="overwrite"/> false an existing
    /// file of that name is an <see cref="IOException"/> and the temporary file is left for <see cref="Dispose"/>.
    /// </summary>
    public void Commit(bool overwrite = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            return;
        }
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(TempPath, Path, overwrite);
        _committed = true;
        SyncDirectory(System.IO.Path.GetDirectoryName(Path)!);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_committed)
        {
            Stream.Dispose();
            return;
        }
        try
        {
            Stream.Dispose();
        }
        catch (IOException)
        {
            // Flushing what is being thrown away failed (the disk is full: the usual reason we are here). The handle
            // is closed all the same; what matters is that the temporary file goes and gives its space back.
        }
        finally
        {
            File.Delete(TempPath);
        }
    }

    /// <summary>Deletes the <c>.partial</c> files a crash left in <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> RemoveStale(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var removed = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory, "*" + TempSuffix))
        {
            File.Delete(file);
            removed.Add(file);
        }
        if (removed.Count > 0)
        {
            SyncDirectory(directory);
        }
        return removed;
    }

    /// <summary>fsync on the directory itself makes its entries (a rename, a deletion) durable; .NET has no API for it.</summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // Windows commits directory entries with the file (and has no fsync on directories).
        }
        int fd = Open(directory, 0 /* O_RDONLY: enough to fsync a directory */);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to fsync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
