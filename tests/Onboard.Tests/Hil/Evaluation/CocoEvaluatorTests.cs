using System.Globalization;
using System.Text.Json;
using Onboard.Hil.Evaluation;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Evaluation;

/// <summary>
/// <see cref="CocoEvaluator"/> against pycocotools' algorithm: Debian has no python3-pycocotools (apt-cache policy
/// finds no candidate), so the reference is <c>Peers/coco_map.py</c>, a line-by-line numpy transcription of
/// COCOeval.evaluateImg/accumulate/summarize and maskApi bbIou (cocodataset/cocoapi), run by /usr/bin/python3 on the
/// same fixture.
/// </summary>
public sealed class CocoEvaluatorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Evaluate_RandomFixture_EqualsThePycocotoolsAlgorithm(int seed)
    {
        (List<CocoBox> truths, List<CocoBox> detections) = Fixture(seed);
        using var dir = new TempDirectory();
        string file = dir.File("fixture.json");
        File.WriteAllText(file, Json(truths, detections));
        using var python = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("coco_map.py"), file);
        string? line = python.ReadLine(TimeSpan.FromSeconds(120));
        Assert.True(line is not null, python.StandardError);
        JsonElement expected = JsonDocument.Parse(line).RootElement;

        CocoResult result = CocoEvaluator.Evaluate(truths, detections);

        Assert.Equal(expected.GetProperty("map50").GetDouble(), result.Map50, 12);
        Assert.Equal(expected.GetProperty("map50_95").GetDouble(), result.Map50To95, 12);
        foreach (CocoClassResult c in result.PerClass)
        {
            JsonElement e = expected.GetProperty("per_class").GetProperty(c.ClassId.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(e.GetProperty("ap50").GetDouble(), c.Ap50, 12);
            Assert.Equal(e.GetProperty("ap").GetDouble(), c.Ap50To95, 12);
        }
        Assert.InRange(result.Map50, 0.05, 0.999);
    }

    [Fact]
    public void Evaluate_PerfectDetections_AllOnesAndNoErrorFrames()
    {
        var truths = new List<CocoBox> { new(0, 1, 10, 10, 20, 20), new(1, 1, 30, 30, 10, 10), new(1, 2, 50, 50, 8, 8) };
        var detections = truths.Select(t => t with { Score = 0.9 }).ToList();

        CocoResult result = CocoEvaluator.Evaluate(truths, detections);

        Assert.Equal(1.0, result.Map50, 12);
        Assert.Equal(1.0, result.Map50To95, 12);
        Assert.All(result.PerClass, c => Assert.Empty(c.FalsePositiveFrames.Concat(c.MissFrames)));
    }

    [Fact]
    public void Evaluate_MissAndFalsePositive_NamedByFrame()
    {
        var truths = new List<CocoBox> { new(3, 0, 10, 10, 20, 20), new(7, 0, 40, 40, 20, 20) };
        var detections = new List<CocoBox> { new(3, 0, 10, 10, 20, 20, 0.8), new(5, 0, 100, 100, 20, 20, 0.7) };

        CocoClassResult c = Assert.Single(CocoEvaluator.Evaluate(truths, detections).PerClass);

        Assert.Equal([5L], c.FalsePositiveFrames);
        Assert.Equal([7L], c.MissFrames);
        Assert.Equal(0.5, c.Precision, 12);
        Assert.Equal(0.5, c.Recall, 12);
    }

    /// <summary>Images with a few objects of three classes; detections jittered, some missed, some spurious, scores
    /// quantised so ties occur, a crowd (ignored) truth now and then.</summary>
    private static (List<CocoBox>, List<CocoBox>) Fixture(int seed)
    {
        var random = new Random(seed);
        var truths = new List<CocoBox>();
        var detections = new List<CocoBox>();
        for (int image = 0; image < 40; image++)
        {
            int n = random.Next(0, 5);
            for (int i = 0; i < n; i++)
            {
                int c = random.Next(3);
                double x = random.Next(0, 600), y = random.Next(0, 400), w = 8 + random.NextDouble() * 80, h = 8 + random.NextDouble() * 80;
                bool crowd = random.NextDouble() < 0.08;
                truths.Add(new CocoBox(image, c, x, y, w, h, Ignore: crowd));
                if (random.NextDouble() < 0.8)
                {
                    double j = random.NextDouble() * 0.3;
                    detections.Add(new CocoBox(image, random.NextDouble() < 0.9 ? c : (c + 1) % 3, x + w * j * (random.NextDouble() - 0.5),
                        y + h * j * (random.NextDouble() - 0.5), w * (1 + j * (random.NextDouble() - 0.5)), h * (1 + j * (random.NextDouble() - 0.5)),
                        Math.Round(random.NextDouble(), 1)));
                }
            }
            for (int i = random.Next(0, 3); i > 0; i--)
            {
                detections.Add(new CocoBox(image, random.Next(3), random.Next(0, 600), random.Next(0, 400), 10 + random.Next(60), 10 + random.Next(60),
                    Math.Round(random.NextDouble() * 0.6, 1)));
            }
        }
        return (truths, detections);
    }

    private static string Json(List<CocoBox> truths, List<CocoBox> detections) => JsonSerializer.Serialize(new
    {
        truths = truths.Select(t => new { image = t.Image, @class = t.ClassId, bbox = new[] { t.X, t.Y, t.W, t.H }, iscrowd = t.Ignore ? 1 : 0 }),
        detections = detections.Select(d => new { image = d.Image, @class = d.ClassId, bbox = new[] { d.X, d.Y, d.W, d.H }, score = d.Score }),
    });
}
