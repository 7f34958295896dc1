using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Synthetic;

namespace Onboard.Hil.Scenes;

/// <summary>
/// Deterministic, seeded detection-level tracking sequences with ground-truth identities, in the world of the HIL
/// scene generator: its image size, sign classes (<see cref="SyntheticSignCatalog"/>) and their box proportions, as a
/// detector would report them frame by frame (no pixels: the detector's behaviour is modelled — misses, score bands,
/// box jitter, false positives — so each scenario isolates what the tracker must survive). Frames a camera dropped
/// are simply absent; capture times are a 30 fps camera's monotonic nanoseconds.
/// </summary>
public static partial class TrackingSequenceGenerator
{
    public const double FramesPerSecond = 30;

    /// <summary>Box jitter (a fraction of the size, one standard deviation) and score band of a plainly visible object.</summary>
    private const double Jitter = 0.025;
    private const double ScoreLow = 0.55, ScoreHigh = 0.95;

    public static TrackingSequence Generate(TrackingScenario scenario, int seed = 1, double seconds = 10, SceneOptions? scene = null)
    {
        SceneOptions options = scene ?? new SceneOptions();
        var random = new Random(unchecked(seed * 7919 + (int)scenario * 104_729));
        int width = options.Width, height = options.Height;
        List<Mover> movers = scenario switch
        {
            TrackingScenario.SignsApproaching => Signs(random, width, height),
            TrackingScenario.Crossing => Crossing(width, height),
            TrackingScenario.Occlusions => Occluded(random, width, height, seconds),
            TrackingScenario.FalsePositives => Straight(random, width, height, seconds, count: 6),
            TrackingScenario.DroppedFrames => Straight(random, width, height, seconds, count: 8),
            TrackingScenario.Jitter => Curved(random, width, height, seconds),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
        };
        double jitter = scenario == TrackingScenario.Jitter ? 0.07 : Jitter;
        double scoreLow = scenario == TrackingScenario.Jitter ? 0.3 : ScoreLow;
        var clutter = new List<(BoxF Box, float Score, int ClassId, int Until)>();
        var frames = new List<SequenceFrame>();
        var truths = new List<(TruthBox Truth, double Depth, bool Hidden)>();
        foreach ((int index, long captureNs) in Deliveries(scenario, random, seconds))
        {
            double t = index / FramesPerSecond;
            truths.Clear();
            foreach (Mover m in movers)
            {
                if (m.Box(t) is { } full && Clip(full, width, height) is { } box)
                {
                    truths.Add((new TruthBox(m.Id, m.ClassId, box), m.Depth(t), m.Hidden(t)));
                }
            }
            var detections = new List<Detection>();
            for (int i = 0; i < truths.Count; i++)
            {
                (TruthBox truth, double depth, bool hidden) = truths[i];
                // The nearer of two overlapping objects hides the farther one (a detector then sees a sliver of it).
                for (int j = 0; j < truths.Count && !hidden; j++)
                {
                    hidden = j != i && truths[j].Depth < depth && BoxF.IoU(truth.Box, truths[j].Truth.Box) > 0.15f;
                }
                Detect(random, truth, hidden, jitter, scoreLow, width, height, detections);
            }
            if (scenario == TrackingScenario.FalsePositives)
            {
                Clutter(random, index, width, height, clutter, detections);
            }
            detections.Sort((a, b) => b.Score.CompareTo(a.Score));
            for (int i = 0; i < detections.Count; i++)
            {
                detections[i] = detections[i] with { Index = i };
            }
            frames.Add(new SequenceFrame(captureNs, [.. truths.Select(x => x.Truth)], [.. detections]));
        }
        string name = scenario switch
        {
            TrackingScenario.SignsApproaching => "signs approaching",
            TrackingScenario.Crossing => "crossing, one class",
            TrackingScenario.Occlusions => "occlusions 0.3–1.5 s",
            TrackingScenario.FalsePositives => "false positives",
            TrackingScenario.DroppedFrames => "dropped-frame bursts",
            _ => "box jitter",
        };
        return new TrackingSequence(name, width, height, frames);
    }

    /// <summary>What a detector reports for one object: usually one jittered box with a high score; when hidden, a
    /// low-score box (0.1–0.24, ByteTrack's second band) four times in five and nothing otherwise; small (far) objects,
    /// under 20 px and more so under 12 px, are missed more often and score lower.</summary>
    private static void Detect(Random random, TruthBox truth, bool hidden, double jitter, double scoreLow, int width, int height, List<Detection> detections)
    {
        BoxF b = truth.Box;
        double size = Math.Min(b.Width, b.Height);
        double miss = hidden ? 0.2 : size < 12 ? 0.35 : size < 20 ? 0.1 : 0.03;
        if (random.NextDouble() < miss)
        {
            return;
        }
        double score = hidden ? 0.1 + 0.14 * random.NextDouble()
            : size < 12 ? 0.12 + 0.33 * random.NextDouble()
            : size < 20 ? 0.35 + 0.45 * random.NextDouble()
            : scoreLow + (ScoreHigh - scoreLow) * random.NextDouble();
        double j = hidden ? 2 * jitter : jitter;
        double w = b.Width * (1 + j * Gaussian(random)), h = b.Height * (1 + j * Gaussian(random));
        double cx = b.CenterX + j * b.Width * Gaussian(random) + 0.3 * Gaussian(random);
        double cy = b.CenterY + j * b.Height * Gaussian(random) + 0.3 * Gaussian(random);
        if (w > 2 && h > 2 && Clip(BoxF.FromCenter((float)cx, (float)cy, (float)w, (float)h), width, height) is { } box)
        {
            detections.Add(new Detection(box, (float)score, truth.ClassId, 0));
        }
    }

    /// <summary>False detections: about 1.5 new ones a frame, each staying 1–4 frames where it appeared; two in three
    /// score in the low band, one in three above the high threshold (up to 0.55).</summary>
    private static void Clutter(Random random, int index, int width, int height, List<(BoxF Box, float Score, int ClassId, int Until)> clutter, List<Detection> detections)
    {
        clutter.RemoveAll(c => c.Until < index);
        for (double p = random.NextDouble(); p < 0.78; p = random.NextDouble())
        {
            double size = 20 + 60 * random.NextDouble();
            var box = BoxF.FromCenter((float)(size + random.NextDouble() * (width - 2 * size)), (float)(size + random.NextDouble() * (height - 2 * size)), (float)size, (float)(size * (0.7 + 0.6 * random.NextDouble())));
            float score = (float)(random.NextDouble() < 0.65 ? 0.1 + 0.15 * random.NextDouble() : 0.25 + 0.3 * random.NextDouble());
            clutter.Add((box, score, random.Next(SyntheticSignCatalog.Signs.Count), index + random.Next(4)));
        }
        foreach ((BoxF box, float score, int classId, _) in clutter)
        {
            double s = 0.03 * box.Width;
            var jittered = new BoxF((float)(box.X1 + s * Gaussian(random)), (float)(box.Y1 + s * Gaussian(random)), (float)(box.X2 + s * Gaussian(random)), (float)(box.Y2 + s * Gaussian(random)));
            detections.Add(new Detection(jittered, score, classId, 0));
        }
    }

    /// <summary>The frames that reach the tracker: every frame at 30 fps, except with dropped-frame bursts (0.1–0.8 s
    /// lost after every 0.5–1.5 s delivered) and capture times jittered by up to ±3 ms.</summary>
    private static IEnumerable<(int Index, long CaptureNs)> Deliveries(TrackingScenario scenario, Random random, double seconds)
    {
        int count = (int)Math.Round(seconds * FramesPerSecond);
        bool bursts = scenario == TrackingScenario.DroppedFrames;
        int nextBurst = bursts ? random.Next(15, 45) : int.MaxValue;
        for (int k = 0; k < count; k++)
        {
            if (k == nextBurst)
            {
                k += random.Next(3, 25) - 1;
                nextBurst = k + 1 + random.Next(15, 45);
                continue;
            }
            double jitter = bursts ? (random.NextDouble() * 2 - 1) * 0.003 : 0;
            yield return (k, (long)Math.Round((k / FramesPerSecond + jitter) * 1e9));
        }
    }

    /// <summary>The part of <paramref name="box"/> inside the image, or null when less than 30 % of it (or a sliver) is.</summary>
    private static BoxF? Clip(BoxF box, int width, int height)
    {
        var c = new BoxF(Math.Max(0, box.X1), Math.Max(0, box.Y1), Math.Min(width, box.X2), Math.Min(height, box.Y2));
        return c.Width >= 6 && c.Height >= 6 && c.Area >= 0.3f * box.Area ? c : null;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static SyntheticSign Sign(Random random) => SyntheticSignCatalog.Signs[random.Next(SyntheticSignCatalog.Signs.Count)];
}
