using System.Globalization;
using Onboard.Models.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.Synthetic;

/// <summary>
/// Builds the synthetic sign detector: an ONNX graph with hand-set weights, no training, that finds the
/// signs of <see cref="SyntheticSignCatalog"/> and emits the standard YOLOv8 head <c>[B, 4 + C, N]</c>
/// (input "images" <c>[B, 3, S, S]</c> RGB in [0, 1], output "output0"; N = 8400 at S = 640; B = 1 unless
/// built with another or a dynamic batch axis, see <see cref="BatchAxis"/>).
/// <para>
/// How it sees: a 1×1 convolution turns colour into per-channel evidence in [0, 1]. For every anchor of
/// strides 8, 16, 32, a window of <see cref="WindowFactor"/>·stride pixels centred on the anchor sums the
/// evidence's moments (mass, first, second, and third vertical moment) with two separable strided
/// convolutions. Mass gives the size (a shape's area is a known multiple of its width²), the first
/// moments the centroid, the spread checks that the mass is one shape of the expected kind, the
/// vertical skew separates apex-up triangles from discs, and the mass in the window's outer band tells a
/// window that cuts a shape from one that holds it whole. Any window that holds a sign whole gives the
/// same box, so NMS folds the duplicates.
/// </para>
/// </summary>
public static class SyntheticSignDetector
{
    public const int DefaultInputSize = 640;

    /// <summary>Window side as a multiple of the stride. A sign of width up to (factor − 2)·stride fits wholly
    /// inside the inner part (window minus a band of stride/2) of at least one window.</summary>
    public const int WindowFactor = 6;

    public static IReadOnlyList<int> Strides { get; } = [8, 16, 32];

    /// <summary>Largest sign width (input pixels) the coarsest level holds whole.</summary>
    public static int MaxSignWidth => (WindowFactor - 2) * Strides[^1];

    /// <summary>Smallest sign width (input pixels) scored above 0.5.</summary>
    public const double MinSignWidth = 7;

    // Score shaping. Each factor is near 1 for a whole, isolated sign of the class and near 0 otherwise.
    private const float PresenceSlope = 0.15f;       // per pixel of mass
    private const float BandPenalty = 25f;           // exp(−k · fraction of mass in the window's outer band)
    private const float SpreadPenalty = 8f;          // exp(−k · ln²(spread / expected spread))
    private const float SkewSlope = 12f;             // sigmoid(k · (−skew − threshold)) → "is a triangle"
    private const float SkewThreshold = 0.3f;        // disc: 0; apex-up triangle: −0.566

    /// <summary>
    /// Evidence is clipped colour difference, so the anti-aliased rim of a sign contributes less than its
    /// coverage; this many input pixels are added back to the width estimated from mass. Measured on
    /// generated scenes (SyntheticSignDetectorTests reports the mean width error).
    /// </summary>
    private const float RimCorrection = 0.4f;

    /// <summary>Free space, in input pixels, a sign of <paramref name="width"/> needs around it so that some
    /// window holds it alone: half the window's slack at its level plus the band and one stride of grid offset.</summary>
    public static double RequiredClearance(double width)
    {
        foreach (int s in Strides)
        {
            if (width <= (WindowFactor - 2) * s)
            {
                return 0.5 * (WindowFactor * s - width) + s;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(width), width, $"signs wider than {MaxSignWidth} input pixels are not detectable");
    }

    public static int AnchorCount(int inputSize) => Strides.Sum(s => (inputSize / s) * (inputSize / s));

    /// <param name="inputSize">Square input side, a multiple of 32.</param>
    /// <param name="batch">The batch axis: 1, a fixed N, or <see cref="BatchAxis.Dynamic"/>. Every op works per image,
    /// so the images of a batch never mix.</param>
    public static ModelProto Build(int inputSize = DefaultInputSize, long batch = 1)
    {
        BatchAxis.Check(batch);
        if (inputSize % Strides[^1] != 0)
        {
            throw new ArgumentException($"input size must be a multiple of {Strides[^1]}, got {inputSize}", nameof(inputSize));
        }
        var signs = SyntheticSignCatalog.Signs;
        int classes = signs.Count;
        int n = AnchorCount(inputSize);
        var g = new GraphBuilder("synthetic_sign_detector");
        string images = g.Input("images", DataType.Float, batch, 3, inputSize, inputSize);

        // Colour → evidence. Input is RGB in [0, 1]; each row is (wR, wG, wB), bias, then /width of the ramp.
        float[] ew =
        [
            1 / 0.3f, -1 / 0.3f, -1 / 0.3f,      // red:    R − G − B       above 0.1, ramp 0.3
            -1 / 0.2f, -0.5f / 0.2f, 1 / 0.2f,   // blue:   B − R − G/2     above 0.15, ramp 0.2
            0, 1 / 0.25f, -1 / 0.25f,            // yellow: G − B           above 0.25, ramp 0.25
        ];
        float[] eb = [-0.1f / 0.3f, -0.15f / 0.2f, -0.25f / 0.25f];
        string evidence = g.Clip(
            g.Conv(images, g.Initializer(ew, [3, 3, 1, 1]), g.Initializer(eb, [3]), [1, 1], [1, 1], [0, 0, 0, 0]),
            0, 1);

        var levels = new string[Strides.Count];
        var centreX = new float[n];
        var centreY = new float[n];
        int offset = 0;
        for (int l = 0; l < Strides.Count; l++)
        {
            int s = Strides[l];
            int grid = inputSize / s;
            levels[l] = g.Reshape(WindowMoments(g, evidence, s), BatchAxis.Dynamic, 48, grid * grid);
            for (int i = 0; i < grid; i++)
            {
                for (int j = 0; j < grid; j++)
                {
                    centreX[offset + i * grid + j] = (j + 0.5f) * s;
                    centreY[offset + i * grid + j] = (i + 0.5f) * s;
                }
            }
            offset += grid * grid;
        }
        string moments = g.Concat(2, levels);   // [B, 48, N]: channel = evidence·16 + q·4 + o (see WindowMoments)

        // Per evidence channel e: [B, 3, N] tensors.
        string M(int q, int o) => g.Gather(moments, 1, 0 * 16 + q * 4 + o, 1 * 16 + q * 4 + o, 2 * 16 + q * 4 + o);
        string eps = g.Scalar(1e-3f);
        string m = g.Add(M(0, 0), eps);
        string mx = g.Div(M(1, 0), m);
        string my = g.Div(M(0, 1), m);
        string ey2 = g.Div(M(0, 2), m);
        string spread = g.Add(
            g.Sub(g.Div(M(2, 0), m), g.Mul(mx, mx)),
            g.Sub(ey2, g.Mul(my, my)));
        string varY = g.Relu(g.Sub(ey2, g.Mul(my, my)));
        // Third central moment: E[y³] − 3·E[y]·E[y²] + 2·E[y]³.
        string mu3 = g.Add(
            g.Sub(g.Div(M(0, 3), m), g.Mul(g.Mul(g.Scalar(3), my), ey2)),
            g.Mul(g.Scalar(2), g.Mul(my, g.Mul(my, my))));
        string skew = g.Div(mu3, g.Add(g.Mul(varY, g.Sqrt(varY)), eps));
        string band = g.Relu(g.Sub(g.Scalar(1), g.Div(M(3, 0), m)));

        // Per class: [B, C, N], each class reading its evidence channel, with its shape constants [1, C, 1].
        long[] evidenceOf = signs.Select(x => (long)x.EvidenceChannel).ToArray();
        string PerClass(string perEvidence) => g.Gather(perEvidence, 1, evidenceOf);
        string ClassConst(Func<SyntheticSign, double> f) =>
            g.Initializer(signs.Select(x => (float)f(x)).ToArray(), [1, classes, 1]);

        string mc = PerClass(m);
        string width = g.Add(g.Sqrt(g.Mul(mc, ClassConst(x => 1 / x.Geometry.AreaRatio))), g.Scalar(RimCorrection));
        string height = g.Mul(width, ClassConst(x => x.Geometry.HeightRatio));
        string xc = g.Initializer(centreX, [1, 1, n]);
        string yc = g.Initializer(centreY, [1, 1, n]);
        string boxX = g.Add(xc, PerClass(mx));
        string boxY = g.Sub(g.Add(yc, PerClass(my)), g.Mul(width, ClassConst(x => x.Geometry.CentroidOffset)));

        string presence = g.Sigmoid(g.Mul(g.Scalar(PresenceSlope),
            g.Sub(mc, ClassConst(x => x.Geometry.AreaRatio * MinSignWidth * MinSignWidth))));
        string whole = g.Exp(g.Mul(g.Scalar(-BandPenalty), PerClass(band)));
        // spread / (expected spread for this mass) = spread · α / (β · m); 1 for a clean sign.
        string ratio = g.Max(
            g.Div(g.Mul(PerClass(spread), ClassConst(x => x.Geometry.AreaRatio / x.Geometry.SpreadRatio)), mc),
            g.Scalar(1e-6f));
        string lnRatio = g.Log(ratio);
        string consistent = g.Exp(g.Mul(g.Scalar(-SpreadPenalty), g.Mul(lnRatio, lnRatio)));
        string triangleness = g.Sigmoid(g.Mul(g.Scalar(SkewSlope), g.Sub(g.Scalar(-SkewThreshold), PerClass(skew))));
        // Red disc takes (1 − t), red triangle t, the others 1.
        string selection = g.Add(
            ClassConst(x => x.Shape == SignShape.Disc && x.EvidenceChannel == SyntheticSignCatalog.RedEvidence ? 1 : x.Shape == SignShape.Triangle ? 0 : 1),
            g.Mul(ClassConst(x => x.EvidenceChannel != SyntheticSignCatalog.RedEvidence ? 0 : x.Shape == SignShape.Triangle ? 1 : -1), triangleness));
        string scores = g.Mul(g.Mul(presence, whole), g.Mul(consistent, selection));

        // One box per anchor: the box of the best-scoring class. (A window may hold two signs of different
        // colours; mixing their boxes would put a box between them.)
        string best = g.Node("ArgMax", [scores], null, Attr.Int("axis", 1), Attr.Int("keepdims", 1));
        string Pick(string perClass) => g.Node("GatherElements", [perClass, best], null, Attr.Int("axis", 1));
        string output = g.Concat(1, Pick(boxX), Pick(boxY), Pick(width), Pick(height), scores);
        g.Output(output, "output0", DataType.Float, batch, 4 + classes, n);

        var names = string.Join(", ", signs.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.ClassId}: '{x.Name}'")));
        return g.Build("0.1.0", new Dictionary<string, string>
        {
            // The keys Ultralytics exports carry, so tools that read those read ours.
            ["description"] = "Onboard synthetic sign detector (hand-set weights, no training)",
            ["task"] = "detect",
            ["stride"] = Strides[^1].ToString(CultureInfo.InvariantCulture),
            ["imgsz"] = string.Create(CultureInfo.InvariantCulture, $"[{inputSize}, {inputSize}]"),
            ["names"] = "{" + names + "}",
        });
    }

    /// <summary>
    /// Window moments at one stride: [B, 48, grid, grid]. Offsets u, v are measured from the window centre
    /// in pixels. Horizontal pass channels per evidence e (q): 1, u, u², inner(u). Vertical pass outputs per
    /// horizontal channel (o): for q = 0: 1, v, v², v³; q = 1, 2: 1; q = 3: inner(v); unused outputs are zero.
    /// </summary>
    private static string WindowMoments(GraphBuilder g, string evidence, int stride)
    {
        int k = WindowFactor * stride;
        int pad = (k - stride) / 2;
        int e = SyntheticSignCatalog.EvidenceChannels;
        double Offset(int i) => i - (k - 1) / 2.0;
        bool Inner(int i) => Math.Abs(Offset(i)) < k / 2.0 - stride / 2.0;

        var h = new float[e * 4 * k];
        for (int c = 0; c < e; c++)
        {
            for (int i = 0; i < k; i++)
            {
                double u = Offset(i);
                h[((c * 4) + 0) * k + i] = 1;
                h[((c * 4) + 1) * k + i] = (float)u;
                h[((c * 4) + 2) * k + i] = (float)(u * u);
                h[((c * 4) + 3) * k + i] = Inner(i) ? 1 : 0;
            }
        }
        var v = new float[e * 4 * 4 * k];
        for (int hc = 0; hc < e * 4; hc++)
        {
            int q = hc % 4;
            for (int o = 0; o < 4; o++)
            {
                for (int i = 0; i < k; i++)
                {
                    double y = Offset(i);
                    v[(hc * 4 + o) * k + i] = q switch
                    {
                        0 => (float)Math.Pow(y, o),
                        1 or 2 => o == 0 ? 1 : 0,
                        _ => o == 0 && Inner(i) ? 1 : 0,
                    };
                }
            }
        }
        string rows = g.Conv(evidence, g.Initializer(h, [e * 4, 1, 1, k]), null, [1, k], [1, stride], [0, pad, 0, pad], group: e);
        return g.Conv(rows, g.Initializer(v, [e * 16, 1, k, 1]), null, [k, 1], [stride, 1], [pad, 0, pad, 0], group: e * 4);
    }
}
