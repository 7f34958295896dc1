using System.Runtime.CompilerServices;
using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>What every decoder does with a box it is about to emit, in one place: decode the encoding,
/// reject non-finite and empty boxes (counted), append.</summary>
internal static class Candidates
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BoxF Decode(BoxEncoding encoding, float a, float b, float c, float d) => encoding switch
    {
        BoxEncoding.Xyxy => new BoxF(a, b, c, d),
        BoxEncoding.Yxyx => new BoxF(b, a, d, c),
        _ => BoxF.FromCenter(a, b, c, d),
    };

    /// <summary>Appends the detection if its box is finite and has positive width and height.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(Span<Detection> candidates, ref int count, in BoxF box, float score, int classId, int index, ref DecodeStats stats)
    {
        if (!float.IsFinite(box.X1) || !float.IsFinite(box.Y1) || !float.IsFinite(box.X2) || !float.IsFinite(box.Y2))
        {
            stats.NonFinite++;
            return;
        }
        if (!(box.X2 > box.X1 && box.Y2 > box.Y1))
        {
            stats.Degenerate++;
            return;
        }
        candidates[count++] = new Detection(box, score, classId, index);
    }

    /// <summary>
    /// Best of a contiguous run of class scores (each times <paramref name="multiplier"/>, YOLOv5's
    /// objectness), the first class on ties as torch's and numpy's argmax; false if any score is not finite.
    /// </summary>
    public static bool ArgMax(ReadOnlySpan<float> scores, float multiplier, out float best, out int classId)
    {
        best = float.NegativeInfinity;
        classId = 0;
        bool finite = true;
        for (int c = 0; c < scores.Length; c++)
        {
            float s = scores[c];
            finite &= float.IsFinite(s);
            float p = s * multiplier;
            if (p > best)
            {
                best = p;
                classId = c;
            }
        }
        return finite;
    }

    /// <summary>A class id stored as a float (end-to-end heads) or an integer: a whole number in
    /// [0, classCount), or below 2^24 when the class count is unknown (0).</summary>
    public static bool TryClass(double value, int classCount, out int classId)
    {
        double limit = classCount > 0 ? classCount : 1 << 24;
        if (value >= 0 && value < limit && value == Math.Floor(value))
        {
            classId = (int)value;
            return true;
        }
        classId = -1;
        return false;
    }

    public static void RequireCapacity(Span<Detection> candidates, long needed)
    {
        if (candidates.Length < needed)
        {
            ThrowHelper.ThrowArgument($"candidates holds {candidates.Length}, but this output can yield {needed}", nameof(candidates));
        }
    }
}
