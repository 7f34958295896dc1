using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Tests.Kernels.Postprocess;

/// <summary>
/// Random NMS inputs of every kind that breaks NMS implementations: uniform clutter, heavy overlap around
/// a few centres, exact duplicate boxes, tied scores, tiny boxes and huge ones. Deterministic per seed.
/// </summary>
internal static class NmsCases
{
    public enum Kind
    {
        Uniform,
        HeavyOverlap,
        IdenticalBoxes,
        IdenticalScores,
        Tiny,
        Huge,
    }

    public static readonly float[] s_thresholds = [0.3f, 0.45f, 0.5f, 0.65f, 0.7f, 0.9f];

    public static Detection[] Generate(Random random, Kind kind, int classes)
    {
        int n = random.Next(0, 160);
        var d = new Detection[n];
        // Cluster centres for the overlapping kinds.
        var centres = new (float X, float Y, float S)[1 + random.Next(5)];
        for (int c = 0; c < centres.Length; c++)
        {
            centres[c] = (Uniform(random, 0, 400), Uniform(random, 0, 400), Uniform(random, 8, 80));
        }
        for (int i = 0; i < n; i++)
        {
            BoxF box;
            switch (kind)
            {
                case Kind.HeavyOverlap:
                {
                    var (x, y, s) = centres[random.Next(centres.Length)];
                    float w = s * Uniform(random, 0.85f, 1.15f);
                    float h = s * Uniform(random, 0.85f, 1.15f);
                    box = BoxF.FromCenter(x + Normal(random) * s * 0.08f, y + Normal(random) * s * 0.08f, w, h);
                    break;
                }
                case Kind.IdenticalBoxes:
                    box = i > 0 && random.NextDouble() < 0.6 ? d[random.Next(i)].Box : RandomBox(random, 0, 300, 2, 60);
                    break;
                case Kind.Tiny:
                    box = RandomBox(random, 0, 0.05f, 1e-3f, 1e-2f);
                    break;
                case Kind.Huge:
                    box = RandomBox(random, 0, 1e5f, 1e3f, 5e4f);
                    break;
                default:
                    box = RandomBox(random, 0, 300, 1, 80);
                    break;
            }
            float score = kind == Kind.IdenticalScores || random.NextDouble() < 0.1
                ? 0.1f * (1 + random.Next(9))
                : (float)(0.001 + 0.999 * random.NextDouble());
            d[i] = new Detection(box, score, random.Next(classes), i);
        }
        return d;
    }

    public static BoxF RandomBox(Random random, float min, float max, float minSize, float maxSize)
    {
        float x = Uniform(random, min, max);
        float y = Uniform(random, min, max);
        return new BoxF(x, y, x + Uniform(random, minSize, maxSize), y + Uniform(random, minSize, maxSize));
    }

    public static float Uniform(Random random, float min, float max) => (float)(min + (max - min) * random.NextDouble());

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>Writes <paramref name="detections"/> as <c>onboard nms</c> reads them: boxes, scores and classes.</summary>
    public static void WriteCommandInput(string path, Detection[] detections) =>
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new
        {
            boxes = detections.Select(x => new[] { x.Box.X1, x.Box.Y1, x.Box.X2, x.Box.Y2 }),
            scores = detections.Select(x => x.Score),
            classes = detections.Select(x => x.ClassId),
        }));

    public static int[] Indices(ReadOnlySpan<Detection> detections)
    {
        var indices = new int[detections.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = detections[i].Index;
        }
        return indices;
    }
}
