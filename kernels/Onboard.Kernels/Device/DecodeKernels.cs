using ILGPU;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Kernels.Device;

/// <summary>
/// The device twins of <see cref="YoloV8Decoder"/>, <see cref="YoloV5Decoder"/> and <see cref="EndToEndDecoder"/>:
/// one thread per anchor (row) decides it exactly as the host reference does — best class first on ties, the
/// same finiteness, threshold and empty-box rules — and writes a flag and its candidate; an inclusive scan of
/// the flags gives each candidate its place, and <see cref="Compact"/> writes them in anchor order, as the host
/// emits them. What is dropped is counted with atomics in the stats view (<see cref="Stats"/> indices).
/// </summary>
public static class DecodeKernels
{
    /// <summary>Slots of the summary view the decode and NMS kernels share.</summary>
    public static class Stats
    {
        public const int Candidates = 0;
        public const int NonFinite = 1;
        public const int Degenerate = 2;
        public const int InvalidIndex = 3;
        public const int Capped = 4;
        public const int Kept = 5;
        public const int Length = 6;
    }

    /// <summary>YOLOv8/11 <c>[4 + C (+ M), N]</c>: class scores after a sigmoid, no objectness.</summary>
    public static void YoloV8(Index1D a, DecodeParameters p, ArrayView<float> head, ArrayView<float> perClass,
        ArrayView<Detection> decoded, ArrayView<int> flags, ArrayView<int> stats)
    {
        int n = p.Count;
        float best = float.NegativeInfinity;
        int cls = 0;
        bool finite = true;
        for (int c = 0; c < p.ClassCount; c++)
        {
            float s = head[(4L + c) * n + a];
            finite &= IsFinite(s);
            if (s > best)
            {
                best = s;
                cls = c;
            }
        }
        int flag = 0;
        if (!finite)
        {
            Atomic.Add(ref stats[Stats.NonFinite], 1);
        }
        else if (best > Threshold(p, perClass, cls))
        {
            flag = Add(FromCenter(head[a], head[n + a], head[2L * n + a], head[3L * n + a]), best, cls, a, decoded, stats);
        }
        flags[a] = flag;
    }

    /// <summary>YOLOv5 <c>[N, 5 + C (+ M)]</c>: objectness first, score = objectness × best class.</summary>
    public static void YoloV5(Index1D a, DecodeParameters p, ArrayView<float> head, ArrayView<float> perClass,
        ArrayView<Detection> decoded, ArrayView<int> flags, ArrayView<int> stats)
    {
        long row = (long)(int)a * p.Channels;
        float objectness = head[row + 4];
        int flag = 0;
        if (!IsFinite(objectness))
        {
            Atomic.Add(ref stats[Stats.NonFinite], 1);
        }
        else if (objectness > p.MinimumThreshold)
        {
            float best = float.NegativeInfinity;
            int cls = 0;
            bool finite = true;
            for (int c = 0; c < p.ClassCount; c++)
            {
                float s = head[row + 5 + c];
                finite &= IsFinite(s);
                float product = s * objectness;
                if (product > best)
                {
                    best = product;
                    cls = c;
                }
            }
            if (!finite)
            {
                Atomic.Add(ref stats[Stats.NonFinite], 1);
            }
            else if (best > Threshold(p, perClass, cls))
            {
                flag = Add(FromCenter(head[row], head[row + 1], head[row + 2], head[row + 3]), best, cls, a, decoded, stats);
            }
        }
        flags[a] = flag;
    }

    /// <summary>End-to-end <c>[K, 6]</c> (YOLOv10/26): x1, y1, x2, y2, score, class id as a float.</summary>
    public static void EndToEnd(Index1D k, DecodeParameters p, ArrayView<float> head, ArrayView<float> perClass,
        ArrayView<Detection> decoded, ArrayView<int> flags, ArrayView<int> stats)
    {
        long row = 6L * k;
        float score = head[row + 4];
        int flag = 0;
        if (!IsFinite(score))
        {
            Atomic.Add(ref stats[Stats.NonFinite], 1);
        }
        else if (score > p.MinimumThreshold)
        {
            // Candidates.TryClass: a whole number in [0, C), or below 2^24 when C is unknown (0).
            double value = head[row + 5];
            double limit = p.ClassCount > 0 ? p.ClassCount : 1 << 24;
            if (!(value >= 0 && value < limit && value == (long)value))
            {
                Atomic.Add(ref stats[Stats.InvalidIndex], 1);
            }
            else
            {
                int cls = (int)value;
                if (score > Threshold(p, perClass, cls))
                {
                    flag = Add(new BoxF(head[row], head[row + 1], head[row + 2], head[row + 3]), score, cls, k, decoded, stats);
                }
            }
        }
        flags[k] = flag;
    }

    /// <summary>Writes flagged anchor <paramref name="a"/> to its place (the inclusive scan of the flags, minus one); the last anchor writes the count.</summary>
    public static void Compact(Index1D a, ArrayView<Detection> decoded, ArrayView<int> flags, ArrayView<int> positions,
        ArrayView<Detection> candidates, ArrayView<int> stats)
    {
        if (flags[a] != 0)
        {
            candidates[positions[a] - 1] = decoded[a];
        }
        if (a == positions.IntLength - 1)
        {
            stats[Stats.Candidates] = positions[a];
        }
    }

    private static float Threshold(in DecodeParameters p, ArrayView<float> perClass, int cls) =>
        cls < p.PerClassCount ? perClass[cls] : p.DefaultThreshold;

    /// <summary><see cref="Candidates.Add"/>: finite boxes with positive width and height become candidates; the rest are counted.</summary>
    private static int Add(BoxF box, float score, int cls, int index, ArrayView<Detection> decoded, ArrayView<int> stats)
    {
        if (!IsFinite(box.X1) || !IsFinite(box.Y1) || !IsFinite(box.X2) || !IsFinite(box.Y2))
        {
            Atomic.Add(ref stats[Stats.NonFinite], 1);
            return 0;
        }
        if (!(box.X2 > box.X1 && box.Y2 > box.Y1))
        {
            Atomic.Add(ref stats[Stats.Degenerate], 1);
            return 0;
        }
        decoded[index] = new Detection(box, score, cls, index);
        return 1;
    }

    /// <summary><see cref="BoxF.FromCenter"/> (0.5·w is exact, so a contracted multiply-add rounds the same).</summary>
    private static BoxF FromCenter(float cx, float cy, float w, float h) =>
        new(cx - 0.5f * w, cy - 0.5f * h, cx + 0.5f * w, cy + 0.5f * h);

    /// <summary>Finite by the exponent bits: no float arithmetic a compiler could rewrite.</summary>
    internal static bool IsFinite(float value) => (Interop.FloatAsInt(value) & 0x7FFF_FFFFu) < 0x7F80_0000u;
}
