using System.ComponentModel;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A small tmpfs mounted on a directory: a disk that really fills (ENOSPC), unmounted on dispose. Needs mount(2),
/// i.e. root with CAP_SYS_ADMIN; <see cref="Problem"/> says, in mount's own words, why it cannot be had here.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private static readonly Lazy<string?> s_problem = new(Probe);

    private Tmpfs(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Why no tmpfs can be mounted here (mount's error), or null: probed once, on a scratch directory.</summary>
    public static string? Problem => s_problem.Value;

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> on <paramref name="path"/> (created if missing).</summary>
    public static Tmpfs Mount(string path, long bytes)
    {
        Directory.CreateDirectory(path);
        string? error = Run("mount", "-t", "tmpfs", "-o", FormattableString.Invariant($"size={bytes},mode=0755"), "tmpfs", path);
        Assert.True(error is null, error);
        return new Tmpfs(path);
    }

    /// <summary>Unmounts; a mount still busy (a process holding a file) is detached lazily rather than left behind.</summary>
    public void Dispose()
    {
        if (Run("umount", Path) is not null)
        {
            Run("umount", "-l", Path);
        }
    }

    private static string? Probe()
    {
        using var scratch = new TempDirectory();
        string path = System.IO.Path.Combine(scratch.Path, "probe");
        Directory.CreateDirectory(path);
        string? error = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path);
        if (error is null)
        {
            Run("umount", path);
        }
        return error;
    }

    /// <summary>Runs mount or umount; null on success, else what failed and why.</summary>
    private static string? Run(params string[] command)
    {
        try
        {
            using var process = new PeerProcess(command[0], command[1..]);
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                return $"{string.Join(' ', command)} did not finish in 30 s";
            }
            return process.ExitCode == 0 ? null : $"{string.Join(' ', command)} exited {process.ExitCode}: {process.StandardError}";
        }
        catch (Win32Exception e)
        {
            return $"{command[0]} cannot be started: {e.Message}";
        }
    }
}
