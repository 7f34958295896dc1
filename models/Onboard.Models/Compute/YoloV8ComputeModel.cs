using System.Globalization;
using Onboard.Models.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.Compute;

/// <summary>
/// A network with YOLOv8n's layer structure and compute (≈ 8.7 GFLOPs at 640, 3.2 M parameters) and
/// seeded random weights, for latency work where no trained detector is reachable. It follows
/// Ultralytics' <c>yolov8.yaml</c> at scale n (depth 0.33, width 0.25) as its ONNX export looks after
/// batch-norm folding: Conv+bias → SiLU, C2f blocks, SPPF, the FPN/PAN neck with nearest upsampling and the
/// decoupled Detect head with DFL and dist2bbox, emitting the standard head <c>[B, 4 + C, N]</c> (B = 1 unless
/// built with another or a dynamic batch axis, see <see cref="BatchAxis"/>).
/// The class-score bias is Ultralytics' prior (≈ 5 objects per image), so the decoder sees a realistic,
/// nearly empty candidate set rather than thousands of random boxes.
/// </summary>
public sealed class YoloV8ComputeModel
{
    public const int DefaultInputSize = 640;
    public const int DefaultClasses = 80;
    public const int DefaultSeed = 8;
    private const int RegMax = 16;

    private readonly GraphBuilder _g = new("yolov8n_compute");
    private readonly Random _random;
    private readonly int _inputSize;
    private readonly long _batch;
    private long _macs;
    private long _parameters;

    private YoloV8ComputeModel(int inputSize, int seed, long batch)
    {
        _inputSize = inputSize;
        _batch = batch;
        _random = new Random(seed);
    }

    /// <summary>Floating-point operations of one run (2 × multiply-accumulates of the convolutions, as Ultralytics counts).</summary>
    public long Flops => 2 * _macs;

    public long Parameters => _parameters;

    public ModelProto Model { get; private set; } = null!;

    public static int AnchorCount(int inputSize) =>
        (inputSize / 8) * (inputSize / 8) + (inputSize / 16) * (inputSize / 16) + (inputSize / 32) * (inputSize / 32);

    /// <param name="inputSize">Square input side, a multiple of 32.</param>
    /// <param name="classes">Class count of the head.</param>
    /// <param name="seed">Weight seed (same seed, same bytes).</param>
    /// <param name="batch">The batch axis: 1, a fixed N, or <see cref="BatchAxis.Dynamic"/>.</param>
    public static ModelProto Build(int inputSize = DefaultInputSize, int classes = DefaultClasses, int seed = DefaultSeed, long batch = 1) =>
        Create(inputSize, classes, seed, batch).Model;

    /// <summary>Builds the model and keeps its compute figures per image (<see cref="Flops"/>, <see cref="Parameters"/>).</summary>
    public static YoloV8ComputeModel Create(int inputSize = DefaultInputSize, int classes = DefaultClasses, int seed = DefaultSeed, long batch = 1)
    {
        BatchAxis.Check(batch);
        if (inputSize <= 0 || inputSize % 32 != 0)
        {
            throw new ArgumentException($"input size must be a positive multiple of 32, got {inputSize}", nameof(inputSize));
        }
        if (classes <= 0)
        {
            throw new ArgumentException($"classes must be positive, got {classes}", nameof(classes));
        }
        var m = new YoloV8ComputeModel(inputSize, seed, batch);
        m.Model = m.BuildGraph(classes);
        return m;
    }

    private ModelProto BuildGraph(int classes)
    {
        int s = _inputSize;
        string x = _g.Input("images", DataType.Float, _batch, 3, s, s);

        // Backbone (channels at width 0.25, repeats at depth 0.33).
        x = Conv(x, 3, 16, 3, 2, s / 2);                  // 0  P1/2
        x = Conv(x, 16, 32, 3, 2, s / 4);                 // 1  P2/4
        x = C2f(x, 32, 32, 1, true, s / 4);               // 2
        x = Conv(x, 32, 64, 3, 2, s / 8);                 // 3  P3/8
        string p3 = C2f(x, 64, 64, 2, true, s / 8);       // 4
        x = Conv(p3, 64, 128, 3, 2, s / 16);              // 5  P4/16
        string p4 = C2f(x, 128, 128, 2, true, s / 16);    // 6
        x = Conv(p4, 128, 256, 3, 2, s / 32);             // 7  P5/32
        x = C2f(x, 256, 256, 1, true, s / 32);            // 8
        string p5 = Sppf(x, 256, 256, s / 32);            // 9

        // Neck: top-down then bottom-up.
        x = _g.Concat(1, Upsample(p5), p4);                        // 10, 11
        string h12 = C2f(x, 384, 128, 1, false, s / 16);           // 12
        x = _g.Concat(1, Upsample(h12), p3);                       // 13, 14
        string h15 = C2f(x, 192, 64, 1, false, s / 8);             // 15  P3 out
        x = _g.Concat(1, Conv(h15, 64, 64, 3, 2, s / 16), h12);    // 16, 17
        string h18 = C2f(x, 192, 128, 1, false, s / 16);           // 18  P4 out
        x = _g.Concat(1, Conv(h18, 128, 128, 3, 2, s / 32), p5);   // 19, 20
        string h21 = C2f(x, 384, 256, 1, false, s / 32);           // 21  P5 out

        string output = Detect([h15, h18, h21], [64, 128, 256], [8, 16, 32], classes);
        int n = AnchorCount(s);
        _g.Output(output, "output0", DataType.Float, _batch, 4 + classes, n);

        var names = new string[classes];
        for (int i = 0; i < classes; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"{i}: 'class{i}'");
        }
        return _g.Build("0.1.0", new Dictionary<string, string>
        {
            ["description"] = "Onboard realistic-compute network: YOLOv8n structure, seeded random weights (no training)",
            ["task"] = "detect",
            ["stride"] = "32",
            ["imgsz"] = string.Create(CultureInfo.InvariantCulture, $"[{s}, {s}]"),
            ["names"] = "{" + string.Join(", ", names) + "}",
            ["flops"] = Flops.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Ultralytics <c>Detect</c>: per level a box branch (→ 4·reg_max) and a class branch (→ C), DFL, dist2bbox.</summary>
    private string Detect(string[] levels, int[] channels, int[] strides, int classes)
    {
        int c2 = Math.Max(Math.Max(16, channels[0] / 4), RegMax * 4);
        int c3 = Math.Max(channels[0], Math.Min(classes, 100));
        int n = AnchorCount(_inputSize);
        var perLevel = new string[levels.Length];
        var anchors = new float[2 * n];
        var strideOf = new float[n];
        int offset = 0;
        for (int l = 0; l < levels.Length; l++)
        {
            int grid = _inputSize / strides[l];
            string box = Conv(Conv(levels[l], channels[l], c2, 3, 1, grid), c2, c2, 3, 1, grid);
            box = PlainConv(box, c2, 4 * RegMax, grid, 1.0f);
            string cls = Conv(Conv(levels[l], channels[l], c3, 3, 1, grid), c3, c3, 3, 1, grid);
            // Ultralytics' bias prior: log(5 / C / (640 / stride)²).
            cls = PlainConv(cls, c3, classes, grid, (float)Math.Log(5.0 / classes / Math.Pow(640.0 / strides[l], 2)));
            perLevel[l] = _g.Reshape(_g.Concat(1, box, cls), BatchAxis.Dynamic, 4 * RegMax + classes, grid * grid);
            for (int i = 0; i < grid; i++)
            {
                for (int j = 0; j < grid; j++)
                {
                    anchors[offset + i * grid + j] = j + 0.5f;
                    anchors[n + offset + i * grid + j] = i + 0.5f;
                    strideOf[offset + i * grid + j] = strides[l];
                }
            }
            offset += grid * grid;
        }
        string all = _g.Concat(2, perLevel);
        string[] parts = _g.Split(all, 1, 4 * RegMax, classes);

        // DFL: softmax over reg_max bins, expectation by a fixed 1×1 convolution with weights 0..15.
        string bins = _g.Softmax(_g.Transpose(_g.Reshape(parts[0], BatchAxis.Dynamic, 4, RegMax, n), 0, 2, 1, 3), 1);
        var arange = new float[RegMax];
        for (int i = 0; i < RegMax; i++)
        {
            arange[i] = i;
        }
        string dist = _g.Reshape(_g.Conv(bins, _g.Initializer(arange, [1, RegMax, 1, 1]), null, [1, 1], [1, 1], [0, 0, 0, 0]), BatchAxis.Dynamic, 4, n);

        // dist2bbox (xywh) × stride.
        string[] ltrb = _g.Split(dist, 1, 2, 2);
        string anchor = _g.Initializer(anchors, [1, 2, n]);
        string x1y1 = _g.Sub(anchor, ltrb[0]);
        string x2y2 = _g.Add(anchor, ltrb[1]);
        string cxy = _g.Div(_g.Add(x1y1, x2y2), _g.Scalar(2));
        string wh = _g.Sub(x2y2, x1y1);
        string boxes = _g.Mul(_g.Concat(1, cxy, wh), _g.Initializer(strideOf, [1, 1, n]));
        return _g.Concat(1, boxes, _g.Sigmoid(parts[1]));
    }

    /// <summary>C2f: 1×1 conv to 2c, split, n bottlenecks chained on the second half, concat all, 1×1 conv.</summary>
    private string C2f(string x, int c1, int c2, int n, bool shortcut, int size)
    {
        int c = c2 / 2;
        string[] halves = _g.Split(Conv(x, c1, 2 * c, 1, 1, size), 1, c, c);
        var ys = new List<string>(halves);
        string y = halves[1];
        for (int i = 0; i < n; i++)
        {
            string b = Conv(Conv(y, c, c, 3, 1, size), c, c, 3, 1, size);
            y = shortcut ? _g.Add(y, b) : b;
            ys.Add(y);
        }
        return Conv(_g.Concat(1, [.. ys]), (2 + n) * c, c2, 1, 1, size);
    }

    /// <summary>SPPF: 1×1 conv to c/2, three chained 5×5 max pools, concat the four, 1×1 conv.</summary>
    private string Sppf(string x, int c1, int c2, int size)
    {
        int c = c1 / 2;
        string a = Conv(x, c1, c, 1, 1, size);
        string b = _g.MaxPool(a, 5, 1, 2);
        string d = _g.MaxPool(b, 5, 1, 2);
        string e = _g.MaxPool(d, 5, 1, 2);
        return Conv(_g.Concat(1, a, b, d, e), 4 * c, c2, 1, 1, size);
    }

    private string Upsample(string x) =>
        _g.Node("Resize", [x, "", _g.Initializer([1f, 1f, 2f, 2f], [4])], null, Attr.String("mode", "nearest"));

    /// <summary>Ultralytics <c>Conv</c> after BN folding: convolution with bias, then SiLU.</summary>
    private string Conv(string x, int c1, int c2, int k, int stride, int outSize) =>
        _g.Silu(ConvCore(x, c1, c2, k, stride, outSize, 0.01f, 0f));

    /// <summary>A bare 1×1 convolution (the last layer of each head branch) with a constant bias.</summary>
    private string PlainConv(string x, int c1, int c2, int outSize, float bias) =>
        ConvCore(x, c1, c2, 1, 1, outSize, 0f, bias);

    private string ConvCore(string x, int c1, int c2, int k, int stride, int outSize, float biasStd, float biasMean)
    {
        int fanIn = c1 * k * k;
        var w = new float[c2 * fanIn];
        // He initialisation keeps activations of order one through the depth: no overflow, no denormals
        // (which would make a random network slower than a trained one).
        double std = Math.Sqrt(2.0 / fanIn);
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)(std * Gaussian());
        }
        var b = new float[c2];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = biasMean + (float)(biasStd * Gaussian());
        }
        _macs += (long)c2 * fanIn * outSize * outSize;
        _parameters += w.Length + b.Length;
        int p = k / 2;
        return _g.Conv(x, _g.Initializer(w, [c2, c1, k, k]), _g.Initializer(b, [c2]), [k, k], [stride, stride], [p, p, p, p]);
    }

    private double Gaussian()
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        double u = 1.0 - _random.NextDouble();
        double v = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
