using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Preprocess;

public sealed partial class FramePreprocessor
{
    /// <summary>
    /// One band: an equal share of the tensor's image rows and of its pad rows. Each image row needs two
    /// horizontally resized source rows; the band keeps the last two it made, so consecutive output rows that
    /// share a source row (every upscale, most downscales) compute it once, and a row whose weight is zero
    /// (odd integer shrink factors) is not computed at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void IBandJob.RunBand(int band, int bandCount)
    {
        unsafe
        {
            ResizePlan plan = _plan!;
            BandState state = _bands[band];
            state.HRow[0] = -1;
            state.HRow[1] = -1;
            int width = plan.Width;
            fixed (float* floats = state.Floats)
            {
                int padRows = plan.Height - plan.Rows;
                (int p0, int p1) = Share(padRows, band, bandCount);
                for (int p = p0; p < p1; p++)
                {
                    int oy = p < plan.FirstRow ? p : p + plan.Rows;
                    _writer.Pad(oy, 0, width, MaxVectorBits);
                }
                if (plan.Columns == 0)
                {
                    return;
                }
                (int r0, int r1) = Share(plan.Rows, band, bandCount);
                int lanes = _bpp == 1 ? 1 : 4;
                fixed (byte* v = state.V)
                fixed (uint* pixels = state.Pixels)
                {
                    for (int j = r0; j < r1; j++)
                    {
                        if (plan.Kind == TapKind.Box)
                        {
                            BoxRow(plan, state, j, v, lanes);
                        }
                        else
                        {
                            int b0 = plan.B0[j];
                            int b1 = plan.B1[j];
                            int k0 = b0 != 0 ? HorizontalRow(plan, state, plan.Y0[j], -1) : -1;
                            int k1 = b1 != 0 ? HorizontalRow(plan, state, plan.Y1[j], k0) : k0;
                            k0 = k0 < 0 ? k1 : k0;
                            fixed (short* h0 = state.H[k0])
                            fixed (short* h1 = state.H[k1])
                            {
                                VerticalResize.Row(h0, h1, b0, b1, v, lanes * plan.Columns, MaxVectorBits);
                            }
                        }
                        uint* row = (uint*)v;
                        if (lanes == 1)
                        {
                            ExpandGray(v, pixels, plan.Columns, MaxVectorBits);
                            row = pixels;
                        }
                        int oy = plan.FirstRow + j;
                        _writer.Pad(oy, 0, plan.FirstColumn, MaxVectorBits);
                        _writer.Pixels(oy, plan.FirstColumn, plan.Columns, row, floats, MaxVectorBits);
                        _writer.Pad(oy, plan.FirstColumn + plan.Columns, width, MaxVectorBits);
                    }
                }
            }
        }
    }

    /// <summary>Makes (or finds) the horizontally resized source row <paramref name="sy"/>; returns its slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int HorizontalRow(ResizePlan plan, BandState state, int sy, int keep)
    {
        if (state.HRow[0] == sy)
        {
            return 0;
        }
        if (state.HRow[1] == sy)
        {
            return 1;
        }
        // Rows only move down within a band, so the slot holding the lower row is the one to reuse.
        int slot = keep >= 0 ? 1 - keep : (state.HRow[0] <= state.HRow[1] ? 0 : 1);
        state.HRow[slot] = sy;
        int count = plan.Columns;
        fixed (int* xofs = plan.XOfs)
        fixed (int* xofs1 = plan.XOfs1)
        fixed (short* weights = plan.Weights)
        fixed (int* pairs = plan.WeightPairs)
        fixed (short* dst = state.H[slot])
        {
            byte* row = SourceRow(state, sy, xofs[0], xofs1[count - 1], out int bpp, out long available);
            // Safe: vector loads read 16 bytes (gray: 4) at each left tap; only taps with that much buffer left take them.
            int reach = bpp == 1 ? sizeof(int) : Vector128<byte>.Count;
            int vectorCount = count;
            while (vectorCount > 0 && (long)bpp * xofs[vectorCount - 1] + reach > available)
            {
                vectorCount--;
            }
            if (bpp == 1)
            {
                HorizontalResize.Gray(row, xofs, xofs1, pairs, count, vectorCount, dst, MaxVectorBits);
                return slot;
            }
            HorizontalResize.Packed(row, bpp, xofs, xofs1, weights, count, vectorCount, dst, MaxVectorBits);
        }
        return slot;
    }

    /// <summary>
    /// Source row <paramref name="sy"/> of the region as packed pixels: the frame's own bytes for packed and gray
    /// formats, or columns <paramref name="firstColumn"/>..<paramref name="lastColumn"/> converted to BGRx for YUV.
    /// Returns the address of region column 0 (pixel sx is at <c>row + bpp·sx</c>) and the bytes readable from it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe byte* SourceRow(BandState state, int sy, int firstColumn, int lastColumn, out int bpp, out long available)
    {
        int y = _roiY + sy;
        if (_bpp != 0)
        {
            bpp = _bpp;
            available = _frame.BytesFrom(y) - (long)_roiX * _bpp;
            return _frame.Row(y) + (long)_roiX * _bpp;
        }
        // YUV: convert only the columns the taps touch, into a BGRx row with slack for the vector loads.
        // Safe: Bgrx and YuvScratch are pinned (allocated on the pinned object heap) and sized for the region.
        bpp = 4;
        fixed (uint* bgrx = state.Bgrx)
        fixed (byte* scratch = state.YuvScratch)
        {
            int first = _roiX + firstColumn;
            int converted = YuvRows.ToBgrx(_frame, y, first, _roiX + lastColumn - first + 1, bgrx, scratch, MaxVectorBits);
            available = 4L * (state.Bgrx.Length - (_roiX - converted));
            return (byte*)(bgrx - (converted - _roiX));
        }
    }

    /// <summary>One output row of the whole-factor box (INTER_AREA) path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void BoxRow(ResizePlan plan, BandState state, int j, byte* v, int lanes)
    {
        int count = plan.Columns;
        int kx = plan.XOfs1[0] - plan.XOfs[0] + 1;
        int ky = plan.Y1[j] - plan.Y0[j] + 1;
        fixed (int* xofs = plan.XOfs)
        fixed (int* acc = state.BoxSums)
        {
            new Span<int>(acc, lanes * count).Clear();
            for (int t = 0; t < ky; t++)
            {
                byte* row = SourceRow(state, plan.Y0[j] + t, xofs[0], xofs[count - 1] + kx - 1, out int bpp, out _);
                BoxResize.AccumulateRow(row, bpp, xofs, kx, count, acc);
            }
            BoxResize.Finish(acc, kx * ky, v, lanes * count);
        }
    }

    /// <summary>Gray bytes → BGRx words with the value in all three channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ExpandGray(byte* gray, uint* pixels, int count, int maxVectorBits)
    {
        var kernel = new GrayExpansion(gray, pixels);
        VectorLoop.Run(ref kernel, count, maxVectorBits);
    }

    private readonly unsafe struct GrayExpansion(byte* gray, uint* pixels) : IVectorKernel
    {
        public static int BlockSize(int lanes) => lanes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            constants = default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            TOps.Store(TOps.MultiplyLowInt32(TOps.LoadWidenByteToInt32(gray + i), TOps.BroadcastInt32(0x010101)), pixels + i);

        public void Scalar(int i) => pixels[i] = gray[i] * 0x010101u;
    }

    /// <summary>Band <paramref name="band"/>'s share of <paramref name="total"/> items.</summary>
    private static (int From, int To) Share(int total, int band, int bandCount) =>
        ((int)((long)total * band / bandCount), (int)((long)total * (band + 1) / bandCount));
}
