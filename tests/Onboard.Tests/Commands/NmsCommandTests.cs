using System.Text.Json;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Postprocess;

namespace Onboard.Tests.Commands;

/// <summary><c>onboard nms</c> run as a process, as the external checks run it.</summary>
public sealed class NmsCommandTests
{
    private static (int ExitCode, string Out, string Err) Onboard(params string[] args)
    {
        using var p = OnboardCli.Start(args);
        var lines = new List<string>();
        for (string? line; (line = p.ReadLine(TimeSpan.FromSeconds(60))) is not null;)
        {
            lines.Add(line);
        }
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "onboard did not exit");
        // Standard error is read asynchronously and can trail the exit: give a failing run's message time to land.
        SpinWait.SpinUntil(() => p.ExitCode == 0 || p.StandardError.Length > 0, TimeSpan.FromSeconds(10));
        return (p.ExitCode, string.Join("\n", lines), p.StandardError);
    }

    [Fact]
    public void Nms_PerClassDefaultAndAgnostic_PrintKeptIndicesBestFirst()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.json");
        File.WriteAllText(input, """
            {"boxes":[[0,0,10,10],[1,0,11,10],[50,50,60,60],[1,1,10,10],[5,5,5,9],[70,70,80,80]],
             "scores":[0.9,0.8,0.3,0.95,0.99,0.25],
             "classes":[0,0,0,1,0,0]}
            """);
        Assert.Equal((0, """{"keep":[3,0,2]}"""), Without(Onboard("nms", "--input", input)));
        Assert.Equal((0, """{"keep":[3,2]}"""), Without(Onboard("nms", "--input", input, "--agnostic")));
        Assert.Equal((0, """{"keep":[3]}"""), Without(Onboard("nms", "--input", input, "--score", "0.5", "--max-det", "1")));
        Assert.Equal((0, """{"keep":[3,0,1,2]}"""), Without(Onboard("nms", "--input", input, "--iou", "0.9")));
    }

    [Fact]
    public void Nms_RandomCase_PrintsWhatTheKernelKeeps()
    {
        Detection[] d = NmsCases.Generate(new Random(77), NmsCases.Kind.HeavyOverlap, classes: 3);
        using var dir = new TempDirectory();
        string input = dir.File("in.json");
        NmsCases.WriteCommandInput(input, d);
        Detection[] expected = Nms.GreedyReference([.. d.Where(x => x.Score > 0.25f)], 0.7f, false, 300);
        var (code, output, _) = Onboard("nms", "--input", input);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(NmsCases.Indices(expected), json.RootElement.GetProperty("keep").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Nms_MismatchedArrays_ExitsTwoSayingWhat()
    {
        using var dir = new TempDirectory();
        string input = dir.File("bad.json");
        File.WriteAllText(input, """{"boxes":[[0,0,1,1],[0,0,2,2]],"scores":[0.9]}""");
        var (code, _, err) = Onboard("nms", "--input", input);
        Assert.Equal(2, code);
        Assert.Contains("2 boxes, 1 scores", err, StringComparison.Ordinal);
    }

    private static (int, string) Without((int ExitCode, string Out, string Err) r) => (r.ExitCode, r.Out);
}
