using System.Runtime.Intrinsics;
using Onboard.Kernels.Imaging;

namespace Onboard.Kernels.Preprocess;

public sealed partial class FramePreprocessor
{
    /// <summary>
    /// One band: an equal share of the tensor's image rows and of its pad rows. Each image row needs two
    /// horizontally resized source rows; the band keeps the last two it made, so consecutive output rows that
    /// share a source row (every upscale, most downscales) compute it once, and a row whose weight is zero
    /// (odd integer shrink factors) is not computed at all.
    /// </summary>
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
                    _writer.Pad(oy, 0, width, floats);
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
                        int b0 = plan.B0[j];
                        int b1 = plan.B1[j];
                        int k0 = b0 != 0 ? HorizontalRow(plan, state, plan.Y0[j], -1) : -1;
                        int k1 = b1 != 0 ? HorizontalRow(plan, state, plan.Y1[j], k0) : k0;
                        k0 = k0 < 0 ? k1 : k0;
                        fixed (int* h0 = state.H[k0])
                        fixed (int* h1 = state.H[k1])
                        {
                            VerticalResize.Row(h0, h1, b0, b1, v, lanes * plan.Columns, MaxVectorBits);
                        }
                        uint* row = (uint*)v;
                        if (lanes == 1)
                        {
                            ExpandGray(v, pixels, plan.Columns);
                            row = pixels;
                        }
                        int oy = plan.FirstRow + j;
                        _writer.Pad(oy, 0, plan.FirstColumn, floats);
                        _writer.Pixels(oy, plan.FirstColumn, plan.Columns, row, floats, MaxVectorBits);
                        _writer.Pad(oy, plan.FirstColumn + plan.Columns, width, floats);
                    }
                }
            }
        }
    }

    /// <summary>Makes (or finds) the horizontally resized source row <paramref name="sy"/>; returns its slot.</summary>
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
        int y = _roiY + sy;
        int count = plan.Columns;
        fixed (int* xofs = plan.XOfs)
        fixed (int* xofs1 = plan.XOfs1)
        fixed (short* weights = plan.Weights)
        fixed (int* dst = state.H[slot])
        {
            if (_bpp == 1)
            {
                HorizontalResize.Gray(_frame.Row(y) + _roiX, xofs, xofs1, weights, count, dst);
                return slot;
            }
            if (_bpp != 0)
            {
                // Safe: vector loads read 16 bytes at each left tap; only taps with that much buffer left take them.
                byte* row = _frame.Row(y) + (long)_roiX * _bpp;
                long available = _frame.BytesFrom(y) - (long)_roiX * _bpp;
                int vectorCount = count;
                while (vectorCount > 0 && (long)_bpp * xofs[vectorCount - 1] + Vector128<byte>.Count > available)
                {
                    vectorCount--;
                }
                HorizontalResize.Packed(row, _bpp, xofs, xofs1, weights, count, vectorCount, dst, MaxVectorBits);
                return slot;
            }
            // YUV: convert only the columns the taps touch, into a BGRx row with slack for the vector loads.
            int first = _roiX + xofs[0];
            int last = _roiX + xofs1[count - 1];
            fixed (uint* bgrx = state.Bgrx)
            fixed (byte* scratch = state.YuvScratch)
            {
                int converted = YuvRows.ToBgrx(_frame, y, first, last - first + 1, bgrx, scratch, MaxVectorBits);
                byte* row = (byte*)(bgrx - (converted - _roiX));
                HorizontalResize.Packed(row, 4, xofs, xofs1, weights, count, count, dst, MaxVectorBits);
            }
        }
        return slot;
    }

    private static unsafe void ExpandGray(byte* gray, uint* pixels, int count)
    {
        for (int i = 0; i < count; i++)
        {
            pixels[i] = gray[i] * 0x010101u;
        }
    }

    /// <summary>Band <paramref name="band"/>'s share of <paramref name="total"/> items.</summary>
    private static (int From, int To) Share(int total, int band, int bandCount) =>
        ((int)((long)total * band / bandCount), (int)((long)total * (band + 1) / bandCount));
}
