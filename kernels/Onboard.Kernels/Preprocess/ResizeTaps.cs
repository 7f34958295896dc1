namespace Onboard.Kernels.Preprocess;

/// <summary>
/// OpenCV 4.6 <c>cv::resize</c>'s two-tap coefficients for 8-bit images, computed with its exact float/double
/// steps (<c>fx = (float)((dx + 0.5)·scale − 0.5)</c>, <c>scale = 1 / (dst/src)</c>, weights
/// <c>saturate_cast&lt;short&gt;(w · 2048)</c> rounded half to even), so the weights can differ from an "ideal"
/// bilinear by one unit exactly where OpenCV's do. Columns clamp the tap at both edges (weight 1, 0); rows keep
/// the unclamped fraction and clamp the row index instead, as OpenCV's row loop does.
/// </summary>
public static class ResizeTaps
{
    /// <summary>Fixed-point scale of the weights: INTER_RESIZE_COEF_SCALE = 1 &lt;&lt; 11.</summary>
    public const int One = 2048;

    // C's DBL_EPSILON (double.Epsilon in .NET is the smallest subnormal, not this).
    private const double DblEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Taps for destination positions <paramref name="from"/>..<paramref name="from"/>+<paramref name="index0"/>.Length
    /// along one axis: the source index of each tap and its weight. <paramref name="kind"/> comes from <see cref="Resolve"/>.
    /// </summary>
    public static void Compute(
        int sourceSize, int destinationSize, TapKind kind, bool rows, int from,
        Span<int> index0, Span<int> index1, Span<short> weight0, Span<short> weight1)
    {
        double inv = (double)destinationSize / sourceSize;
        double scale = 1.0 / inv;
        for (int i = 0; i < index0.Length; i++)
        {
            int d = from + i;
            int s;
            float f;
            if (kind == TapKind.Box)
            {
                int k = BoxFactor(sourceSize, destinationSize);
                index0[i] = d * k;
                index1[i] = d * k + k - 1;
                weight0[i] = 0;
                weight1[i] = 0;
                continue;
            }
            if (kind == TapKind.Nearest)
            {
                s = Math.Min((int)Math.Floor(d * scale), sourceSize - 1);
                index0[i] = s;
                index1[i] = s;
                weight0[i] = One;
                weight1[i] = 0;
                continue;
            }
            if (kind == TapKind.Linear)
            {
                f = (float)((d + 0.5) * scale - 0.5);
                s = (int)MathF.Floor(f);
                f -= s;
            }
            else
            {
                s = (int)Math.Floor(d * scale);
                f = (float)((d + 1) - (s + 1) * inv);
                f = f <= 0 ? 0f : f - MathF.Floor(f);
            }
            if (!rows)
            {
                if (s < 0)
                {
                    f = 0;
                    s = 0;
                }
                if (s >= sourceSize - 1)
                {
                    f = 0;
                    s = sourceSize - 1;
                }
            }
            index0[i] = Math.Clamp(s, 0, sourceSize - 1);
            index1[i] = Math.Clamp(s + 1, 0, sourceSize - 1);
            weight0[i] = (short)MathF.Round((1f - f) * One, MidpointRounding.ToEven);
            weight1[i] = (short)MathF.Round(f * One, MidpointRounding.ToEven);
        }
    }

    /// <summary>
    /// Which coefficients OpenCV uses for this resize. Throws for the one case whose arithmetic we do not
    /// reproduce: INTER_AREA shrinking both axes by factors other than exactly 2 (OpenCV sums boxes in float).
    /// </summary>
    public static TapKind Resolve(int sourceWidth, int sourceHeight, int width, int height, Interpolation interpolation)
    {
        switch (interpolation)
        {
            case Interpolation.Nearest:
                return TapKind.Nearest;
            case Interpolation.Linear:
                // OpenCV routes an exact 2x shrink to INTER_AREA's (a+b+c+d+2)>>2, which equals these taps
                // (weights 1024/1024 and the vertical rounding reduce to the same sum).
                return TapKind.Linear;
            case Interpolation.Area:
            {
                double sx = 1.0 / ((double)width / sourceWidth);
                double sy = 1.0 / ((double)height / sourceHeight);
                if (sx < 1 || sy < 1)
                {
                    return TapKind.AreaLinear;
                }
                if ((sx == 2 && sy == 2) || (width == sourceWidth && height == sourceHeight))
                {
                    return TapKind.Linear;
                }
                if (BoxFactor(sourceWidth, width) > 0 && BoxFactor(sourceHeight, height) > 0)
                {
                    return TapKind.Box;
                }
                throw new NotSupportedException(
                    $"area interpolation shrinking {sourceWidth}x{sourceHeight} to {width}x{height} is reproduced bit-exactly only for upscales and whole-number factors (OpenCV sums fractional boxes in float); use linear");
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "unknown interpolation");
        }
    }

    /// <summary>
    /// The whole shrink factor OpenCV's <c>is_area_fast</c> sees on one axis (<c>|scale − round(scale)| &lt; DBL_EPSILON</c>),
    /// or 0 when the factor is fractional.
    /// </summary>
    public static int BoxFactor(int sourceSize, int destinationSize)
    {
        double scale = 1.0 / ((double)destinationSize / sourceSize);
        int k = (int)Math.Round(scale, MidpointRounding.ToEven);
        return k >= 1 && Math.Abs(scale - k) < DblEpsilon ? k : 0;
    }
}
