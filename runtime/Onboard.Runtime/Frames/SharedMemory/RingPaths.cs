namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// Where camera NAME's ring lives: <c>/dev/shm/onboard-NAME</c> (the slots) and
/// <c>/dev/shm/onboard-NAME.sock</c> (the descriptor socket). Both are on tmpfs, so they cost no disk
/// and vanish on reboot. <c>ONBOARD_RING_DIR</c> moves both; producers and consumers also take explicit paths.
/// </summary>
public static class RingPaths
{
    public const string DefaultDirectory = "/dev/shm";
    public const string DirectoryVariable = "ONBOARD_RING_DIR";

    /// <summary>Longest socket path Linux accepts in a sockaddr_un (108 bytes with the terminator).</summary>
    public const int MaxSocketPathBytes = 107;

    public static string Directory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir ? dir : DefaultDirectory;

    public static string Ring(string name, string? directory = null) =>
        Path.Combine(directory ?? Directory, "onboard-" + CheckName(name));

    public static string Socket(string name, string? directory = null) =>
        Path.Combine(directory ?? Directory, "onboard-" + CheckName(name) + ".sock");

    /// <summary>Camera names become file names: letters, digits, '-', '_' and '.', at most 64.</summary>
    public static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || name[0] == '.')
        {
            throw new ArgumentException($"camera name '{name}' must be 1-64 characters and not start with '.'", nameof(name));
        }
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"camera name '{name}' may only hold letters, digits, '-', '_' and '.'", nameof(name));
            }
        }
        return name;
    }

    public static void CheckSocketPath(string path)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
        {
            throw new ArgumentException($"socket path '{path}' is longer than the {MaxSocketPathBytes} bytes a Unix socket address holds", nameof(path));
        }
    }
}
