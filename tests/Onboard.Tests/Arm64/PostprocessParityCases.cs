using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Kernels.Postprocess;

namespace Onboard.Tests.Arm64;

/// <summary>
/// <c>onboard decode</c> and <c>onboard nms</c> lines for the arm64 parity batch. Decode: seeded heads of the four
/// single-tensor layouts at their real sizes (YOLOv8 [1, 84, 8400], YOLOv5 [1, 25200, 85], YOLOv10 [1, 300, 6],
/// RT-DETR [1, 300, 84]) with clusters of overlapping candidates around objects, background clutter, tied scores,
/// NaN/Inf and degenerate boxes, each under several thresholds, NMS modes and geometries. NMS: every case kind
/// of <see cref="NmsCases"/> (clutter, heavy overlap, identical boxes and scores, tiny, huge).
/// </summary>
internal static class PostprocessParityCases
{
    private const int Classes = 80;

    public static List<ParityCase> Write(string inputs)
    {
        var cases = new List<ParityCase>();
        var random = new Random(2026);

        string v8 = Head(inputs, "yolov8", YoloV8(random, 8400));
        string[] v8Settings = ["", "--score 0.1 --iou 0.5", "--agnostic", "--soft-nms", "--max-det 10", "--iou 0.3 --agnostic --soft-nms"];
        string[] geometries = ["--source 1280x720 --mode letterbox", "--source 1920x1080 --mode stretch", "--source 720x1280 --mode crop"];
        for (int i = 0; i < v8Settings.Length; i++)
        {
            cases.Add(Decode("yolov8", v8, "1,84,8400", geometries[i % 3], v8Settings[i]));
        }
        string v5 = Head(inputs, "yolov5", YoloV5(random, 25200));
        cases.Add(Decode("yolov5", v5, "1,25200,85", geometries[0], ""));
        cases.Add(Decode("yolov5", v5, "1,25200,85", geometries[1], "--iou 0.45 --agnostic"));
        string v10 = Head(inputs, "yolov10", EndToEnd(random, 300));
        cases.Add(Decode("yolov10", v10, "1,300,6", geometries[0], ""));
        cases.Add(Decode("yolov10", v10, "1,300,6", geometries[2], "--score 0.05"));
        string detr = Head(inputs, "rtdetr", RtDetr(random, 300));
        cases.Add(Decode("rtdetr", detr, "1,300,84", geometries[0], "--classes 80"));
        cases.Add(Decode("rtdetr", detr, "1,300,84", geometries[2], "--classes 80 --score 0.4"));

        int n = 0;
        foreach (NmsCases.Kind kind in Enum.GetValues<NmsCases.Kind>())
        {
            for (int seed = 0; seed < 2; seed++, n++)
            {
                Detection[] d = NmsCases.Generate(new Random(300 + n), kind, classes: 3);
                string path = Path.Combine(inputs, $"nms-{n}.json");
                File.WriteAllText(path, JsonSerializer.Serialize(new
                {
                    boxes = d.Select(x => new[] { x.Box.X1, x.Box.Y1, x.Box.X2, x.Box.Y2 }),
                    scores = d.Select(x => x.Score),
                    classes = d.Select(x => x.ClassId),
                }));
                string options = string.Create(CultureInfo.InvariantCulture,
                    $"--iou {NmsCases.s_thresholds[n % NmsCases.s_thresholds.Length]} --score 0.05{(seed == 1 ? " --agnostic" : "")}");
                cases.Add(new ParityCase("nms", $"nms {kind} {options}", $"nms --input {path} {options}"));
            }
        }
        return cases;
    }

    private static ParityCase Decode(string layout, string input, string shape, string geometry, string settings) =>
        new("decode", $"{layout} {geometry} {settings}".TrimEnd(),
            $"decode --input {input} --layout {layout} --shape {shape} --size 640x640 {geometry} {settings}");

    private static string Head(string inputs, string name, float[] values)
    {
        string path = Path.Combine(inputs, name + ".f32");
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return path;
    }

    /// <summary>Objects the candidates cluster around: centre, size, class.</summary>
    private static (float X, float Y, float W, float H, int Class)[] Objects(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (U(random, 40, 600), U(random, 40, 600), U(random, 12, 200), U(random, 12, 200), random.Next(Classes)))];

    /// <summary>One anchor's box and scores: near an object 1 time in 25 (high score for its class), else clutter.</summary>
    private static (float Cx, float Cy, float W, float H, float[] Scores) Anchor(Random random, (float X, float Y, float W, float H, int Class)[] objects)
    {
        var scores = new float[Classes];
        for (int c = 0; c < Classes; c++)
        {
            scores[c] = U(random, 0, 0.12f);
        }
        if (random.Next(25) == 0)
        {
            var o = objects[random.Next(objects.Length)];
            scores[o.Class] = random.Next(8) == 0 ? 0.5f : U(random, 0.2f, 0.97f); // 0.5: ties across anchors
            return (o.X + U(random, -6, 6), o.Y + U(random, -6, 6), o.W * U(random, 0.8f, 1.2f), o.H * U(random, 0.8f, 1.2f), scores);
        }
        return (U(random, 0, 640), U(random, 0, 640), U(random, 1, 300), U(random, 1, 300), scores);
    }

    private static float[] YoloV8(Random random, int anchors)
    {
        var objects = Objects(random, 40);
        var t = new float[(4 + Classes) * anchors];
        for (int a = 0; a < anchors; a++)
        {
            var (cx, cy, w, h, scores) = Anchor(random, objects);
            t[a] = cx;
            t[anchors + a] = cy;
            t[(2 * anchors) + a] = w;
            t[(3 * anchors) + a] = h;
            for (int c = 0; c < Classes; c++)
            {
                t[((4 + c) * anchors) + a] = scores[c];
            }
        }
        Corrupt(random, t, anchors, stride: 1, channelStride: anchors);
        return t;
    }

    private static float[] YoloV5(Random random, int anchors)
    {
        var objects = Objects(random, 60);
        const int Row = 5 + Classes;
        var t = new float[Row * anchors];
        for (int a = 0; a < anchors; a++)
        {
            var (cx, cy, w, h, scores) = Anchor(random, objects);
            Span<float> r = t.AsSpan(a * Row, Row);
            (r[0], r[1], r[2], r[3], r[4]) = (cx, cy, w, h, scores.Max() > 0.15f ? U(random, 0.6f, 1f) : U(random, 0, 0.5f));
            scores.CopyTo(r[5..]);
        }
        Corrupt(random, t, anchors, stride: Row, channelStride: 1);
        return t;
    }

    /// <summary>x1, y1, x2, y2, score, class rows; some classes out of range or fractional (dropped and counted).</summary>
    private static float[] EndToEnd(Random random, int rows)
    {
        var t = new float[6 * rows];
        for (int i = 0; i < rows; i++)
        {
            float x = U(random, 0, 600), y = U(random, 0, 600);
            float cls = random.Next(30) switch { 0 => Classes + 3, 1 => -1, 2 => 2.5f, _ => random.Next(Classes) };
            float score = i < 40 ? U(random, 0.3f, 1f) : U(random, 0, 0.3f);
            t.AsSpan(6 * i, 6).SetAll(x, y, x + U(random, -2, 120), y + U(random, 1, 120), score, cls);
        }
        t[6 * 7] = float.NaN;
        return t;
    }

    /// <summary>Normalised cx, cy, w, h and class scores per query.</summary>
    private static float[] RtDetr(Random random, int queries)
    {
        const int Row = 4 + Classes;
        var t = new float[Row * queries];
        for (int q = 0; q < queries; q++)
        {
            Span<float> r = t.AsSpan(q * Row, Row);
            (r[0], r[1], r[2], r[3]) = (U(random, 0, 1), U(random, 0, 1), U(random, 0.01f, 0.4f), U(random, 0.01f, 0.4f));
            for (int c = 0; c < Classes; c++)
            {
                r[4 + c] = U(random, 0, q < 30 ? 0.9f : 0.3f);
            }
        }
        return t;
    }

    /// <summary>A few NaN/Inf scores and boxes and zero-size boxes, which decoders drop and count.</summary>
    private static void Corrupt(Random random, float[] t, int anchors, int stride, int channelStride)
    {
        for (int i = 0; i < 12; i++)
        {
            int a = random.Next(anchors);
            int channel = i % 3 == 0 ? 4 + random.Next(Classes) : random.Next(4);
            t[(a * stride) + (channel * channelStride)] = (i % 4) switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => float.NegativeInfinity, _ => 0f };
        }
    }

    private static float U(Random random, float min, float max) => NmsCases.Uniform(random, min, max);

    private static void SetAll(this Span<float> row, params ReadOnlySpan<float> values) => values.CopyTo(row);
}
