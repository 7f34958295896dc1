using Onboard.Kernels.Geometry;
using Onboard.Models.Synthetic;

namespace Onboard.Hil.Scenes;

/// <summary>
/// Draws synthetic signs (the classes of <see cref="SyntheticSignCatalog"/>) on a textured, low-saturation
/// background, with exact ground truth. Scene <c>i</c> depends only on (seed, i): replay is identical.
/// Signs are anti-aliased by 4×4 supersampling and kept apart by the clearance the synthetic detector
/// needs to see each one alone (<see cref="SyntheticSignDetector.RequiredClearance"/>).
/// </summary>
public sealed class SceneGenerator(SceneOptions options)
{
    private const int Supersampling = 4;
    private const int PlacementAttempts = 200;

    public SceneOptions Options { get; } = options;

    public Scene Generate(int index)
    {
        var pixels = new byte[Options.Width * Options.Height * 3];
        var truths = new List<GroundTruth>();
        Render(index, pixels, truths);
        return new Scene(index, pixels, Options.Width, Options.Height, truths);
    }

    /// <summary>Renders scene <paramref name="index"/> as BGR24 into <paramref name="bgr"/> and lists its signs.</summary>
    public void Render(int index, Span<byte> bgr, List<GroundTruth> truths)
    {
        int w = Options.Width, h = Options.Height;
        if (bgr.Length < w * h * 3)
        {
            throw new ArgumentException($"buffer of {bgr.Length} bytes is shorter than a {w}x{h} BGR24 frame", nameof(bgr));
        }
        truths.Clear();
        // HashCode.Combine is randomised per process; scenes must be identical across runs.
        var random = new Random(unchecked(Options.Seed * 1_000_003 + index));
        DrawBackground(random, bgr);

        // Model-input pixels per source pixel under letterbox.
        double r = Math.Min((double)Options.ModelInputSize / w, (double)Options.ModelInputSize / h);
        double maxWidth = Math.Min(Options.MaxSignWidth, 0.95 * SyntheticSignDetector.MaxSignWidth / r);
        int count = random.Next(Options.MinSigns, Options.MaxSigns + 1);
        var placed = new List<(BoxF Box, double Clearance)>();
        for (int attempt = 0; attempt < PlacementAttempts && placed.Count < count; attempt++)
        {
            var sign = SyntheticSignCatalog.Signs[random.Next(SyntheticSignCatalog.Signs.Count)];
            double width = Options.MinSignWidth + random.NextDouble() * (maxWidth - Options.MinSignWidth);
            double height = width * sign.Geometry.HeightRatio;
            double cx = width / 2 + 2 + random.NextDouble() * (w - width - 4);
            double cy = height / 2 + 2 + random.NextDouble() * (h - height - 4);
            var box = BoxF.FromCenter((float)cx, (float)cy, (float)width, (float)height);
            double clearance = SyntheticSignDetector.RequiredClearance(width * r) / r;
            if (placed.Exists(p => Gap(p.Box, box) < Math.Max(p.Clearance, clearance)))
            {
                continue;
            }
            placed.Add((box, clearance));
            DrawSign(random, sign, box, bgr);
            truths.Add(new GroundTruth(sign.ClassId, box));
        }
    }

    /// <summary>Separation of two boxes along the axis where they are furthest apart (0 when they overlap).</summary>
    private static double Gap(BoxF a, BoxF b)
    {
        double dx = Math.Max(0, Math.Max(b.X1 - a.X2, a.X1 - b.X2));
        double dy = Math.Max(0, Math.Max(b.Y1 - a.Y2, a.Y1 - b.Y2));
        return Math.Max(dx, dy);
    }

    /// <summary>Two octaves of value noise around a random grey, a faint tint, and per-pixel grain.
    /// Grey stays in [60, 200] and the tint under ±8 so no colour-evidence channel fires on it.</summary>
    private void DrawBackground(Random random, Span<byte> bgr)
    {
        int w = Options.Width, h = Options.Height;
        var coarse = new ValueNoise(random, w, h, 96);
        var fine = new ValueNoise(random, w, h, 12);
        int tintR = random.Next(-8, 9), tintG = random.Next(-8, 9), tintB = random.Next(-8, 9);
        for (int y = 0; y < h; y++)
        {
            Span<byte> row = bgr.Slice(y * w * 3, w * 3);
            for (int x = 0; x < w; x++)
            {
                double grey = 130 + 55 * coarse.At(x, y) + 12 * fine.At(x, y) + random.Next(-4, 5);
                row[3 * x + 0] = Clamp(grey + tintB);
                row[3 * x + 1] = Clamp(grey + tintG);
                row[3 * x + 2] = Clamp(grey + tintR);
            }
        }
    }

    private void DrawSign(Random random, SyntheticSign sign, BoxF box, Span<byte> bgr)
    {
        byte pr = Jitter(random, sign.R), pg = Jitter(random, sign.G), pb = Jitter(random, sign.B);
        ShapeGeometry geometry = sign.Geometry;
        double width = box.Width;
        int x0 = (int)Math.Floor(box.X1), x1 = (int)Math.Ceiling(box.X2);
        int y0 = (int)Math.Floor(box.Y1), y1 = (int)Math.Ceiling(box.Y2);
        int stride = Options.Width * 3;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                int inside = 0;
                for (int sy = 0; sy < Supersampling; sy++)
                {
                    for (int sx = 0; sx < Supersampling; sx++)
                    {
                        double px = x + (sx + 0.5) / Supersampling - box.CenterX;
                        double py = y + (sy + 0.5) / Supersampling - box.CenterY;
                        if (geometry.Contains(px / width, py / width))
                        {
                            inside++;
                        }
                    }
                }
                if (inside == 0)
                {
                    continue;
                }
                double a = inside / (double)(Supersampling * Supersampling);
                int i = y * stride + 3 * x;
                bgr[i + 0] = Blend(bgr[i + 0], pb, a);
                bgr[i + 1] = Blend(bgr[i + 1], pg, a);
                bgr[i + 2] = Blend(bgr[i + 2], pr, a);
            }
        }
    }

    private static byte Jitter(Random random, byte value) => Clamp(value + random.Next(-12, 13));

    private static byte Blend(byte under, byte paint, double alpha) => Clamp(under + alpha * (paint - under));

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
