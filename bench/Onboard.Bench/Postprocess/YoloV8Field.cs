namespace Onboard.Bench.Postprocess;

/// <summary>
/// A YOLOv8 head output <c>[4 + 80, 8400]</c> (640² input, strides 8/16/32) with the score distribution a
/// trained COCO detector gives a busy street frame: every class score of every anchor a sigmoid of a logit
/// around −8 (≈ 3·10⁻⁴, a few up to 0.05), and around each of <see cref="Objects"/> objects the anchors of
/// the matching stride firing for its class with a peak of 0.5–0.95 that falls off from the centre, a
/// weaker echo in a confusable class, and boxes within a few pixels of the object's. Deterministic.
/// </summary>
internal static class YoloV8Field
{
    public const int Classes = 80;
    public const int Anchors = 8400;
    public const int Objects = 24;
    private static readonly int[] s_strides = [8, 16, 32];

    public static float[] Generate(int seed)
    {
        var random = new Random(seed);
        var o = new float[(4 + Classes) * Anchors];
        var centres = new (float X, float Y, int Stride)[Anchors];
        int a = 0;
        foreach (int s in s_strides)
        {
            for (int gy = 0; gy < 640 / s; gy++)
            {
                for (int gx = 0; gx < 640 / s; gx++)
                {
                    centres[a++] = ((gx + 0.5f) * s, (gy + 0.5f) * s, s);
                }
            }
        }
        for (int i = 0; i < Anchors; i++)
        {
            var (x, y, s) = centres[i];
            Set(o, i, x, y, s * (2 + 3 * (float)random.NextDouble()), s * (2 + 3 * (float)random.NextDouble()));
            for (int c = 0; c < Classes; c++)
            {
                o[(4 + c) * Anchors + i] = Sigmoid(-8 + 1.5f * Normal(random));
            }
        }
        for (int k = 0; k < Objects; k++)
        {
            int cls = random.Next(Classes);
            int echo = (cls + 1 + random.Next(Classes - 1)) % Classes;
            float w = 16 + 280 * (float)Math.Pow(random.NextDouble(), 2);
            float h = w * (0.5f + (float)random.NextDouble());
            float cx = 20 + 600 * (float)random.NextDouble();
            float cy = 20 + 600 * (float)random.NextDouble();
            float peak = 0.5f + 0.45f * (float)random.NextDouble();
            // The stride whose anchors are responsible for an object this size (as the assigner would pick).
            int level = Math.Max(w, h) < 64 ? 8 : Math.Max(w, h) < 192 ? 16 : 32;
            for (int i = 0; i < Anchors; i++)
            {
                var (x, y, s) = centres[i];
                float dx = (x - cx) / (0.5f * w), dy = (y - cy) / (0.5f * h);
                float d2 = dx * dx + dy * dy;
                if (d2 > 1 || Math.Abs(s - level) > level / 2)
                {
                    continue;
                }
                float score = peak * MathF.Exp(-d2 / 0.18f);
                ref float slot = ref o[(4 + cls) * Anchors + i];
                if (score > slot)
                {
                    slot = score;
                    o[(4 + echo) * Anchors + i] = Math.Max(o[(4 + echo) * Anchors + i], 0.35f * score);
                    Set(o, i, cx + 3 * Normal(random), cy + 3 * Normal(random), w * (1 + 0.05f * Normal(random)), h * (1 + 0.05f * Normal(random)));
                }
            }
        }
        return o;
    }

    private static void Set(float[] o, int i, float cx, float cy, float w, float h)
    {
        o[i] = cx;
        o[Anchors + i] = cy;
        o[2 * Anchors + i] = w;
        o[3 * Anchors + i] = h;
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
