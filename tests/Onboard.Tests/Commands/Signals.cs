using System.Runtime.InteropServices;

namespace Onboard.Tests.Commands;

/// <summary>POSIX signals to child processes (the BCL can kill, but not send SIGTERM).</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;
    public const int SigInt = 2;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
