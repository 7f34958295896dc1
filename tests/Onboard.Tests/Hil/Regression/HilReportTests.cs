using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Regression;

/// <summary>
/// The report of <c>onboard hil run</c> in headless Chromium (Debian <c>chromium</c>): the page's own script counts the
/// figures the browser decoded; a screenshot is left at <c>obj/hil-report/report.png</c> in the repository for a reviewer.
/// </summary>
[Collection(RegressionRunCollection.Name)]
public sealed class HilReportTests(RegressionRunFixture fixture)
{
    private static readonly string[] s_figures = ["fig-pr", "fig-timeline", "fig-latency-infer", "fig-latency-end_to_end", "fig-triggers"];

    [Fact]
    public void Report_RegressionRun_ChromiumDecodesEveryFigure()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output + fixture.Run.Error);
        string html = File.ReadAllText(fixture.Report);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);

        string dom = Chromium("--dump-dom", new Uri(fixture.Report).AbsoluteUri);

        var check = System.Text.RegularExpressions.Regex.Match(dom, @"<p id=""figure-check"">figures decoded: (\d+) of (\d+): ([^<]*)</p>");
        Assert.True(check.Success, dom.Length > 2000 ? dom[^2000..] : dom);
        Assert.Equal(check.Groups[2].Value, check.Groups[1].Value);
        Assert.Superset(s_figures.ToHashSet(), check.Groups[3].Value.Split(' ').ToHashSet());
        Assert.Contains("<td>mAP@0.5</td>", dom, StringComparison.Ordinal);
        Assert.Matches(@"(?s)<table id=""triggers"">.*<td>lowConfidence</td>", dom);

        string shots = Path.Combine(OnboardCli.RepositoryRoot, "obj", "hil-report");
        Directory.CreateDirectory(shots);
        string png = Path.Combine(shots, "report.png");
        File.Delete(png);
        Chromium($"--screenshot={png}", "--window-size=1200,4000", new Uri(fixture.Report).AbsoluteUri);
        Assert.True(new FileInfo(png).Length > 50_000, "screenshot " + png);
        File.Copy(fixture.Report, Path.Combine(shots, "report.html"), overwrite: true);
    }

    private static string Chromium(params string[] arguments)
    {
        using var chromium = new PeerProcess("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + Path.Combine(Path.GetTempPath(), "onboard-chromium"), .. arguments]);
        var lines = new List<string>();
        while (chromium.ReadLine(TimeSpan.FromSeconds(120)) is { } line)
        {
            lines.Add(line);
        }
        Assert.True(chromium.WaitForExit(TimeSpan.FromSeconds(120)), "chromium did not exit");
        return string.Join("\n", lines);
    }
}
