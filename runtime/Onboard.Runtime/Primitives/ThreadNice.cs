using System.Runtime.InteropServices;

namespace Onboard.Runtime.Primitives;

/// <summary>
/// Lowers the calling thread's scheduling priority. .NET's <c>Thread.Priority</c> is not applied on Linux; the
/// per-thread nice value is (raising it needs no privilege). Used by the threads that must never delay a camera:
/// the shadow model's and the clip recorder's.
/// </summary>
internal static partial class ThreadNice
{
    private const int PrioProcess = 0;
    private const long SysGettid = 186;   // x86-64; arm64 is 178

    /// <summary>Sets the calling thread's nice value; returns it as the OS reports it after, or null (not Linux, or refused).</summary>
    public static int? Lower(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        int tid = (int)SysCall(SysGettid);
        if (SetPriority(PrioProcess, tid, nice) != 0)
        {
            return null;
        }
        Marshal.SetLastPInvokeError(0);
        int now = GetPriority(PrioProcess, tid);
        return now == -1 && Marshal.GetLastPInvokeError() != 0 ? null : now;
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long SysCallCore(long number);

    private static long SysCall(long number) =>
        SysCallCore(RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 178 : number);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
