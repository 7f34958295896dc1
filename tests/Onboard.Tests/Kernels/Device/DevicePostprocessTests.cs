using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Kernels.Postprocess;

namespace Onboard.Tests.Kernels.Device;

/// <summary>
/// Device decode and NMS on ILGPU's CPU accelerator against the host: the same kept detections in the same order,
/// the same drop counters, on random heads with non-finite values and per-class thresholds, and on random NMS
/// sets with tied and last-bit-neighbour scores, per-class and agnostic, on every CPU accelerator kind.
/// Small sets: the CPU accelerator runs one OS thread per simulated thread.
/// </summary>
public sealed class DevicePostprocessTests
{
    // Small enough for the CPU accelerator's mask launch (4×4 tiles), larger than any NmsCases set.
    private const int Cap = 256;

    /// <summary><see cref="NmsCases.Kind"/> members, as numbers (the enum is internal to the tests).</summary>
    public static TheoryData<int> Kinds() => new(Enum.GetValues<NmsCases.Kind>().Select(k => (int)k));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Suppress_RandomSetsOfEveryKind_SameKeptIndicesInOrderAsNmsGreedy(int kind)
    {
        var random = new Random(7 + kind);
        for (int round = 0; round < 6; round++)
        {
            Detection[] input = NmsCases.Generate(random, (NmsCases.Kind)kind, classes: 1 + random.Next(4));
            float iou = NmsCases.s_thresholds[random.Next(NmsCases.s_thresholds.Length)];
            bool agnostic = random.Next(2) == 0;
            int maxDet = random.Next(3) == 0 ? 1 + random.Next(20) : 300;
            AssertSuppressSame(DeviceKind.CpuDefault, input, iou, agnostic, maxDet);
        }
    }

    [Theory]
    [MemberData(nameof(Accelerators.CpuKinds), MemberType = typeof(Accelerators))]
    public void Suppress_TiesAndLastBitNeighbourScores_EveryCpuKindMatchesNmsGreedy(DeviceKind kind)
    {
        // Overlapping boxes whose scores are equal, or one float ulp apart (both directions), and zeros: the
        // order decides what survives, so any misordering (the float radix sort's failure) changes the keep list.
        var random = new Random(99);
        var input = new Detection[120];
        for (int i = 0; i < input.Length; i++)
        {
            float s = 0.25f + 0.05f * random.Next(4);
            s = (i % 4) switch
            {
                1 => MathF.BitIncrement(s),
                2 => MathF.BitDecrement(s),
                3 => random.Next(6) == 0 ? 0f : s,
                _ => s,
            };
            BoxF box = NmsCases.RandomBox(random, 0, 60, 20, 40);
            input[i] = new Detection(box, s, random.Next(2), i);
        }
        AssertSuppressSame(kind, input, 0.5f, agnostic: false, 300);
        AssertSuppressSame(kind, input, 0.3f, agnostic: true, 300);
    }

    [Theory]
    [InlineData(5, 300)]
    [InlineData(80, 200)]
    public void ProcessYoloV8_RandomHeadsWithNonFiniteValues_SameDetectionsAndCountsAsHost(int classes, int anchors)
    {
        var random = new Random(classes * 1000 + anchors);
        var head = new float[(4 + classes) * anchors];
        for (int i = 0; i < head.Length; i++)
        {
            head[i] = i < 4 * anchors ? (float)(random.NextDouble() * 100 - 5) : (float)Math.Pow(random.NextDouble(), 3);
            double u = random.NextDouble();
            if (u < 0.004)
            {
                head[i] = u < 0.002 ? float.NaN : (u < 0.003 ? float.PositiveInfinity : float.NegativeInfinity);
            }
        }
        var spec = new LayoutSpec(OutputLayout.YoloV8, classes, anchors, 4 + classes, [0]);
        AssertProcessSame(DeviceKind.CpuDefault, spec, head, new PostprocessSettings { ClassThresholds = new[] { 0.5f, 0.1f }, IoUThreshold = 0.5f });
    }

    [Fact]
    public void ProcessYoloV5_RandomHeads_SameDetectionsAndCountsAsHost()
    {
        const int classes = 4, anchors = 250, channels = 5 + classes + 2;
        var random = new Random(5);
        var head = new float[anchors * channels];
        for (int a = 0; a < anchors; a++)
        {
            for (int c = 0; c < channels; c++)
            {
                head[a * channels + c] = c < 4 ? (float)(random.NextDouble() * 80) : (float)random.NextDouble();
            }
        }
        head[4 * channels + 4] = float.NaN;
        head[9 * channels + 6] = float.PositiveInfinity;
        var spec = new LayoutSpec(OutputLayout.YoloV5, classes, anchors, channels, [0]);
        AssertProcessSame(DeviceKind.CpuDefault, spec, head, new PostprocessSettings { IoUThreshold = 0.45f, ClassAgnostic = true });
    }

    [Fact]
    public void ProcessEndToEnd_RowsWithInvalidClasses_SameDetectionsAndCountsAsHost()
    {
        const int rows = 100;
        var random = new Random(3);
        var head = new float[rows * 6];
        for (int k = 0; k < rows; k++)
        {
            float x = (float)(random.NextDouble() * 500), y = (float)(random.NextDouble() * 500);
            head[6 * k] = x;
            head[6 * k + 1] = y;
            head[6 * k + 2] = x + (float)(random.NextDouble() * 60) - 2;
            head[6 * k + 3] = y + (float)(random.NextDouble() * 60);
            head[6 * k + 4] = (float)random.NextDouble();
            head[6 * k + 5] = k % 17 == 0 ? 2.5f : k % 23 == 0 ? 90 : random.Next(80);
        }
        var spec = new LayoutSpec(OutputLayout.EndToEnd, 80, rows, 6, [0]);
        AssertProcessSame(DeviceKind.CpuDefault, spec, head, new PostprocessSettings { MaxDetections = 30 });
    }

    [Fact]
    public void ProcessYoloV8_MoreCandidatesThanTheCap_KeepsTheBestCapLikeHostAndCountsTheHit()
    {
        const int classes = 2, anchors = 200;
        var random = new Random(11);
        var head = new float[(4 + classes) * anchors];
        for (int a = 0; a < anchors; a++)
        {
            YoloV8DecoderTests.Set(head, anchors, a, 20 * (a % 10), 20 * (a / 10), 18, 18, 0.3f + 0.6f * (float)random.NextDouble(), 0.1f);
        }
        var spec = new LayoutSpec(OutputLayout.YoloV8, classes, anchors, 4 + classes, [0]);
        var settings = new PostprocessSettings();
        var results = new Detection[300];
        var host = new DetectionPostprocessor(settings with { MaxCandidates = 64 }, 640, 640);
        int expected = host.Process(spec, head, Identity, results);
        var actual = new Detection[300];
        (int n, long hits, long capped) = Accelerators.Use(DeviceKind.CpuDefault, k =>
        {
            using var device = new DeviceDetectionPostprocessor(k.Postprocess, settings, candidateCap: 64);
            int kept = device.Process(spec, head, Identity, actual);
            return (kept, device.CapHits, device.CappedCandidates);
        });
        Assert.Equal(results.AsSpan(0, expected).ToArray(), actual.AsSpan(0, n).ToArray());
        Assert.Equal((1L, (long)anchors - 64), (hits, capped));
    }

    [CudaFact]
    public void Cuda_RandomNmsSets_SameKeptIndicesInOrderAsNmsGreedy()
    {
        var random = new Random(17);
        foreach (NmsCases.Kind kind in Enum.GetValues<NmsCases.Kind>())
        {
            AssertSuppressSame(DeviceKind.Cuda, NmsCases.Generate(random, kind, classes: 3), 0.5f, agnostic: kind == NmsCases.Kind.Huge, 300);
        }
    }

    private static readonly ImageTransform Identity = new(1, 1, 0, 0, 640, 640, 640, 640);

    private static void AssertSuppressSame(DeviceKind kind, Detection[] input, float iou, bool agnostic, int maxDet)
    {
        Detection[] expected = input.ToArray();
        int n = Nms.Greedy(expected, iou, agnostic, maxDet);
        var settings = new PostprocessSettings { IoUThreshold = iou, ClassAgnostic = agnostic, MaxDetections = maxDet };
        var actual = new Detection[Math.Max(1, maxDet)];
        int kept = Accelerators.Use(kind, k =>
        {
            using var device = new DeviceDetectionPostprocessor(k.Postprocess, settings, Cap);
            return device.Suppress(input, actual);
        });
        Assert.Equal(NmsCases.Indices(expected.AsSpan(0, n)), NmsCases.Indices(actual.AsSpan(0, kept)));
    }

    private static void AssertProcessSame(DeviceKind kind, LayoutSpec spec, float[] head, PostprocessSettings settings)
    {
        var host = new DetectionPostprocessor(settings with { MaxCandidates = Cap }, 640, 640);
        var expected = new Detection[300];
        int n = host.Process(spec, head, Identity, expected);
        var actual = new Detection[300];
        (int kept, DecodeStats stats) = Accelerators.Use(kind, k =>
        {
            using var device = new DeviceDetectionPostprocessor(k.Postprocess, settings, Cap);
            return (device.Process(spec, head, Identity, actual), device.Stats);
        });
        Assert.Equal(expected.AsSpan(0, n).ToArray(), actual.AsSpan(0, kept).ToArray());
        Assert.Equal(host.Stats, stats);
        Assert.True(n > 3, $"the case should keep several detections, kept {n}");
    }
}
