namespace Onboard.Kernels.Preprocess;

/// <summary>
/// OpenCV's INTER_AREA for whole shrink factors other than 2×2 (resizeAreaFast): the integer sum of each
/// kx×ky box, times <c>1f / (kx·ky)</c> in float, rounded half to even. OpenCV runs this in scalar code; so do we
/// (it is the rarely used mode — linear is the default and the vectorised one).
/// </summary>
internal static unsafe class BoxResize
{
    /// <summary>Adds the <paramref name="kx"/>-pixel horizontal sums of one source row to <paramref name="acc"/>.</summary>
    public static void AccumulateRow(byte* row, int bpp, int* xofs, int kx, int count, int* acc)
    {
        // Safe: row is pinned and holds bpp·(xofs[count−1] + kx) bytes (the caller converted or checked them).
        if (bpp == 1)
        {
            for (int i = 0; i < count; i++)
            {
                byte* p = row + xofs[i];
                int sum = 0;
                for (int t = 0; t < kx; t++)
                {
                    sum += p[t];
                }
                acc[i] += sum;
            }
            return;
        }
        for (int i = 0; i < count; i++)
        {
            byte* p = row + bpp * xofs[i];
            int b = 0, g = 0, r = 0;
            for (int t = 0; t < kx; t++, p += bpp)
            {
                b += p[0];
                g += p[1];
                r += p[2];
            }
            acc[4 * i] += b;
            acc[4 * i + 1] += g;
            acc[4 * i + 2] += r;
        }
    }

    /// <summary><c>saturate_cast&lt;uchar&gt;(sum · (1f/area))</c> for <paramref name="count"/> sums.</summary>
    public static void Finish(int* acc, int area, byte* dst, int count)
    {
        float scale = 1f / area;
        for (int i = 0; i < count; i++)
        {
            dst[i] = (byte)Math.Clamp(MathF.Round(acc[i] * scale, MidpointRounding.ToEven), 0f, 255f);
        }
    }
}
