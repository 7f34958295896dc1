using System.Diagnostics;
using System.Text;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Arm64;

/// <summary>
/// The arm64 parity batch, run once for the tests that read it: publishes the linux-arm64 CLI, writes every case's
/// inputs, then runs the same command lines through <c>onboard batch</c> twice, each architecture in ONE process —
/// natively with the x64 CLI next to the tests, and under QEMU with the arm64 build. Under emulation every process
/// start costs seconds (the JIT and ONNX Runtime's start-up run emulated), so the cases share one.
/// </summary>
public sealed class Arm64ParityRun : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);
    private readonly TempDirectory _dir = new();

    public Arm64ParityRun()
    {
        Arm64Emulator.RequireHost();
        PublishTime = Arm64Emulator.Publish();

        string inputs = Directory.CreateDirectory(_dir.File("in")).FullName;
        X64Directory = Directory.CreateDirectory(_dir.File("x64")).FullName;
        Arm64Directory = Directory.CreateDirectory(_dir.File("arm64")).FullName;
        Cases =
        [
            DetectParityCases.BuildModel(),
            new ParityCase("version", "version", "version"),
            .. PreprocessParityCases.Write(inputs),
            .. PostprocessParityCases.Write(inputs),
            // Both detect with the model the x64 batch built in its first line.
            .. DetectParityCases.Write(inputs, Path.Combine(X64Directory, DetectParityCases.ModelFile)),
        ];
        string x64Batch = WriteBatch("x64.txt", X64Directory);
        string arm64Batch = WriteBatch("arm64.txt", Arm64Directory);

        var clock = Stopwatch.StartNew();
        (int x64Exit, string x64Output, X64Error) = OnboardCli.Run("batch", x64Batch);
        X64Time = clock.Elapsed;
        X64 = new BatchOutput(x64Output);
        Assert.True(X64.Count == Cases.Count, $"the x64 batch ended after {X64.Count} of {Cases.Count} lines (exit {x64Exit}): {X64Error}");

        clock.Restart();
        (Arm64ExitCode, string arm64Output, Arm64Error) = Arm64Emulator.Run(s_timeout, "batch", arm64Batch);
        Arm64Time = clock.Elapsed;
        Arm64 = new BatchOutput(arm64Output);
    }

    /// <summary>The batch's lines in order: case i is line i + 1.</summary>
    public IReadOnlyList<ParityCase> Cases { get; }

    public BatchOutput X64 { get; }
    public BatchOutput Arm64 { get; }
    public string X64Directory { get; }
    public string Arm64Directory { get; }
    public string X64Error { get; }
    public string Arm64Error { get; }
    public int Arm64ExitCode { get; }
    public TimeSpan PublishTime { get; }
    public TimeSpan X64Time { get; }
    public TimeSpan Arm64Time { get; }

    /// <summary>The cases of <paramref name="kind"/> with their batch line numbers.</summary>
    public IEnumerable<(int Line, ParityCase Case)> OfKind(string kind) =>
        Cases.Select((c, i) => (i + 1, c)).Where(x => x.c.Kind == kind);

    /// <summary>The arm64 result of <paramref name="line"/>; fails naming the case (and the emulated process's
    /// stderr) when the x64 or the arm64 run of it failed or never finished.</summary>
    public (string X64Text, string Arm64Text) Results(int line)
    {
        ParityCase c = Cases[line - 1];
        var x = X64.Line(line);
        if (x is not { ExitCode: 0 } x64)
        {
            throw new Xunit.Sdk.XunitException($"x64 {c.Kind} '{c.Name}' (line {line}) failed: exit {x?.ExitCode}\n{x?.Text}\n{Tail(X64Error)}");
        }
        if (Arm64.Line(line) is not { } arm64)
        {
            throw new Xunit.Sdk.XunitException($"the arm64 process ended (exit {Arm64ExitCode}) before {c.Kind} '{c.Name}' (line {line}) finished:\n{Tail(Arm64Error)}");
        }
        Assert.True(arm64.ExitCode == 0, $"arm64 {c.Kind} '{c.Name}' (line {line}) exited {arm64.ExitCode}:\n{arm64.Text}\n{Tail(Arm64Error)}");
        return (x64.Text, arm64.Text);
    }

    /// <summary>What the run took: the publish, the x64 batch, the emulated arm64 batch.</summary>
    public string Timings =>
        FormattableString.Invariant($"publish {PublishTime.TotalSeconds:0.0} s, x64 batch {X64Time.TotalSeconds:0.0} s, arm64 batch under QEMU {Arm64Time.TotalSeconds:0.0} s, {Cases.Count} lines");

    public void Dispose() => _dir.Dispose();

    private string WriteBatch(string name, string outDirectory)
    {
        var text = new StringBuilder();
        foreach (ParityCase c in Cases)
        {
            text.Append(c.For(outDirectory)).Append('\n');
        }
        string path = _dir.File(name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
