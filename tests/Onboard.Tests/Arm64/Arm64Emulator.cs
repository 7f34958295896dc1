using System.Diagnostics;
using System.Globalization;
using System.Text;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Arm64;

/// <summary>
/// The linux-arm64 build of <c>onboard</c> (self-contained, Release, ReadyToRun) and QEMU user-mode emulation to
/// run it on this x64 machine. Nothing here skips: <c>scripts/bootstrap.sh</c> installs QEMU and the arm64 C
/// libraries, so their absence is a broken machine and fails the suite with what to install.
/// </summary>
internal static class Arm64Emulator
{
    public const string Qemu = "/usr/bin/qemu-aarch64-static";

    /// <summary>
    /// The vehicle-class core QEMU 7.2 emulates: Neoverse N1 (a Cortex-A76: Armv8.2-A, NEON, dot product, fp16,
    /// no SVE), close to the Cortex-A78AE of a Jetson Orin. QEMU's default <c>max</c> would add SVE and SME,
    /// which no target vehicle has and which would steer ONNX Runtime's kernel choice away from theirs.
    /// </summary>
    public const string Cpu = "neoverse-n1";

    private static readonly string[] s_hostFiles =
    [
        Qemu,
        "/lib/ld-linux-aarch64.so.1",                      // libc6:arm64
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",       // libstdc++6:arm64 (ONNX Runtime, the .NET host)
        "/usr/lib/aarch64-linux-gnu/libssl.so.3",          // libssl3:arm64 (.NET's SHA-256/ECDSA: manifest checks)
    ];

    /// <summary>Outside the source folders (and ignored by git), so the x64 build's obj/ is never touched: a
    /// publish for linux-arm64 restores Onboard.Runtime with a different ONNX Runtime package.</summary>
    public static string ArtifactsPath => Path.Combine(OnboardCli.RepositoryRoot, "artifacts", "arm64");

    public static string Executable => Path.Combine(ArtifactsPath, "publish", "Onboard", "release_linux-arm64", "onboard");

    /// <summary>Fails, naming what to install, when this machine cannot run arm64 binaries.</summary>
    public static void RequireHost()
    {
        string[] missing = [.. s_hostFiles.Where(f => !File.Exists(f))];
        Assert.True(missing.Length == 0,
            $"the arm64 suite needs QEMU and the arm64 C libraries, missing: {string.Join(", ", missing)}. " +
            "scripts/bootstrap.sh installs them (Debian qemu-user-static, libc6:arm64, libstdc++6:arm64, libssl3:arm64); " +
            "this suite fails rather than skips without them");
    }

    /// <summary>
    /// <c>dotnet publish</c> of the CLI for linux-arm64: incremental, so only a changed source recompiles. ReadyToRun
    /// precompiles our assemblies to arm64 code (crossgen2, the JIT's own code generator run ahead of time), so the
    /// emulated process does not spend its time JIT-compiling under emulation.
    /// </summary>
    public static TimeSpan Publish()
    {
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = OnboardCli.RepositoryRoot,
        };
        foreach (string a in (string[])["publish", Path.Combine("runtime", "Onboard", "Onboard.csproj"), "-c", "Release", "-r", "linux-arm64",
            "--self-contained", "-p:PublishReadyToRun=true", "--artifacts-path", ArtifactsPath, "-nodeReuse:false", "-v", "quiet", "--nologo"])
        {
            start.ArgumentList.Add(a);
        }
        // The test host runs under `dotnet test`, whose MSBuild variables would point the child build at its own
        // MSBuild instance and node settings.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "dotnet publish -r linux-arm64 did not finish in 10 minutes");
        Assert.True(process.ExitCode == 0, $"dotnet publish -r linux-arm64 failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        Assert.True(File.Exists(Executable), $"dotnet publish -r linux-arm64 left no {Executable}");
        return clock.Elapsed;
    }

    /// <summary>
    /// Runs the arm64 <c>onboard</c> with <paramref name="arguments"/> under QEMU and collects its output. Tiered
    /// compilation is off (<c>-E</c> sets the emulated process's environment): the ReadyToRun code runs as
    /// compiled, and what it lacks is jitted once, fully optimised, instead of at tier 0 and again at tier 1 — every
    /// case then runs the same code, with no background re-jit half-way through the batch. Measured on the parity
    /// batch (CPU seconds of the emulated process, 2 cores): ReadyToRun with tiering off 14–17 s, with tiering on
    /// 18–22 s, JIT only 25–27 s.
    /// </summary>
    public static (int ExitCode, string Output, string Error) Run(TimeSpan timeout, params string[] arguments)
    {
        using var process = new PeerProcess(Qemu, ["-cpu", Cpu, "-L", EmulatedRoot(), "-E", "DOTNET_TieredCompilation=0", Executable, .. arguments]);
        var output = new StringBuilder();
        var deadline = Stopwatch.StartNew();
        while (process.ReadLine(timeout - deadline.Elapsed) is { } line)
        {
            output.Append(line).Append('\n');
        }
        Assert.True(process.WaitForExit(timeout - deadline.Elapsed), $"the arm64 onboard {string.Join(' ', arguments)} did not finish in {timeout}");
        return (process.ExitCode, output.ToString(), process.StandardError);
    }

    /// <summary>
    /// A folder QEMU's <c>-L</c> overlays on the file system (a path found under it is opened instead of the real
    /// one) holding an arm64 <c>/proc/cpuinfo</c>. QEMU 7.2 shows the emulated process the host's x86 one, and
    /// ONNX Runtime 1.31's bundled cpuinfo then crashes while loading (SIGSEGV): it finds no Armv8 core there, sizes
    /// its L2 table at zero, and then fills it from sysfs (pytorch/cpuinfo PR #418, open). Real arm64 machines list
    /// their cores, so this is a workaround for emulation only. One entry per possible CPU, as the kernel writes it.
    /// </summary>
    private static string EmulatedRoot()
    {
        string root = Path.Combine(ArtifactsPath, "qemu-root");
        Directory.CreateDirectory(Path.Combine(root, "proc"));
        var cpuinfo = new StringBuilder();
        foreach (int cpu in PossibleCpus())
        {
            cpuinfo.Append(CultureInfo.InvariantCulture, $"processor\t: {cpu}\n")
                .Append("BogoMIPS\t: 50.00\n")
                .Append("Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\n")
                .Append("CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n");
        }
        File.WriteAllText(Path.Combine(root, "proc", "cpuinfo"), cpuinfo.ToString());
        return root;
    }

    /// <summary>The CPU numbers in <c>/sys/devices/system/cpu/possible</c> ("0-3,6"), which cpuinfo sizes its tables by.</summary>
    private static IEnumerable<int> PossibleCpus()
    {
        foreach (string range in File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split(','))
        {
            string[] ends = range.Split('-');
            int first = int.Parse(ends[0], CultureInfo.InvariantCulture);
            int last = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            for (int cpu = first; cpu <= last; cpu++)
            {
                yield return cpu;
            }
        }
    }
}
