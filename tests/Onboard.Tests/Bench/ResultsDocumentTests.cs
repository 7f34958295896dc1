using Onboard.Bench.Results;
using static Onboard.Tests.Bench.BenchFixtures;

namespace Onboard.Tests.Bench;

/// <summary>What the bench writes and reads back: the JSON the guard compares, the Markdown and the README region.</summary>
public class ResultsDocumentTests
{
    [Fact]
    public void Json_RoundTrips_TheGuardSeesTheSameRatios()
    {
        BenchResults results = Results(Preprocess("widest", 0.4, 3.2), Decode(0.05, 0.3));

        BenchResults back = ResultsJson.Deserialize(ResultsJson.Serialize(results), "latest.json");

        Assert.Equal(results.Ratios, back.Ratios);
        Assert.Equal(results.Run, back.Run);
        Assert.All(new RatioGuard().Compare(results.Ratios, back.Ratios), c => Assert.Equal(Verdict.Held, c.Verdict));
    }

    [Fact]
    public void Json_NotAResultsDocument_NamesTheFile()
    {
        var e = Assert.Throws<InvalidDataException>(() => ResultsJson.Deserialize("{\"Run\": 3}", "bench/results/baseline.json"));
        Assert.Contains("bench/results/baseline.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_ShowsEachRatioAndFlagsTheRegressedOne()
    {
        BenchResults latest = Results(Preprocess("widest", 1, 3), Decode(0.05, 0.3));
        IReadOnlyList<RatioCheck> checks = new RatioGuard(0.25).Compare(Results(Preprocess("widest", 1, 5), Decode(0.05, 0.3)).Ratios, latest.Ratios);

        string md = ResultsMarkdown.Full(latest, checks, 0.25, "baseline.json");

        Assert.Contains("| NV12, 1 thread | Onboard fused | OpenCvSharp 4.13 | 3.00× (1.00 / 3.00) |", md, StringComparison.Ordinal);
        Assert.Contains("| YOLOv8 80 × 8400 | Onboard | numpy + cv2 | 6.00× (0.0500 / 0.300) |", md, StringComparison.Ordinal);
        Assert.Contains("**1 regressed**, 1 held", md, StringComparison.Ordinal);
        Assert.Contains("| preprocess | NV12, 1 thread | widest | Onboard fused vs OpenCvSharp 4.13 | 5.00× | 3.00× | 0.60 | **REGRESSED** |", md, StringComparison.Ordinal);
        Assert.Contains("**figures from a loaded machine**", md, StringComparison.Ordinal);
        Assert.Contains("as likely the load as the code", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_PutsEachWidthOfAComparisonInItsOwnColumn()
    {
        BenchResults results = Results(Preprocess("widest", 0.5, 4), Preprocess("128-bit", 0.7, 4), Decode(0.000412, 0.00128));

        string md = ResultsMarkdown.Summary(results);

        Assert.Contains("| suite | case | ours | vs peer | widest: ratio (ms ours / peer) | 128-bit: ratio (ms ours / peer) |", md, StringComparison.Ordinal);
        Assert.Contains("| preprocess | NV12, 1 thread | Onboard fused | OpenCvSharp 4.13 | 8.00× (0.500 / 4.00) | 5.71× (0.700 / 4.00) |", md, StringComparison.Ordinal);
        // Three significant figures at any scale; the width it was not measured at is a dash.
        Assert.Contains("| decode + NMS | YOLOv8 80 × 8400 | Onboard | numpy + cv2 | 3.11× (0.000412 / 0.00128) | - |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_WithoutABaseline_SaysHowToStartGuarding()
    {
        string md = ResultsMarkdown.Full(Results(Decode(0.05, 0.3)), null, 0.25, "the committed `latest.json`");

        Assert.Contains("Nothing to compare with: the committed `latest.json` not found. Commit this run's `bench/results/latest.json` to start guarding.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeRegion_ReplacesOnlyWhatLiesBetweenTheMarkers()
    {
        string readme = $"# Onboard\n\n## Performance\n\n{ReadmeRegion.Begin}\nold table\n{ReadmeRegion.End}\n\n## Next\nkept\n";

        string updated = ReadmeRegion.Replace(readme, "new table\n");

        Assert.Equal($"# Onboard\n\n## Performance\n\n{ReadmeRegion.Begin}\nnew table\n{ReadmeRegion.End}\n\n## Next\nkept\n", updated);
        Assert.Equal(updated, ReadmeRegion.Replace(updated, "new table"));
    }

    [Theory]
    [InlineData("no markers at all\n")]
    [InlineData(ReadmeRegion.End + "\n" + ReadmeRegion.Begin + "\n")]
    [InlineData(ReadmeRegion.Begin + "\n" + ReadmeRegion.End + "\n" + ReadmeRegion.Begin + "\n")]
    public void ReadmeRegion_WithoutOneOrderedPairOfMarkers_Throws(string readme)
    {
        var e = Assert.Throws<InvalidDataException>(() => ReadmeRegion.Replace(readme, "x"));
        Assert.Contains("README", e.Message, StringComparison.Ordinal);
    }
}
