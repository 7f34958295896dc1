using ILGPU;
using ILGPU.Algorithms;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Kernels.Device;

/// <summary>
/// The device twin of <see cref="Nms.GreedySorted(Span{Detection}, float, bool, int, Span{float})"/> after
/// <see cref="ScoreOrder"/>: the same kept detections in the same order.
/// <list type="number">
/// <item><see cref="Keys"/>: each candidate's score as an order-preserving uint, for ILGPU.Algorithms' radix sort
/// with <c>DescendingUInt32</c> (its float sorts misorder keys, DESIGN §4); the sort is stable and candidates
/// arrive in index order, so ties stay in index order, as on the host. Slots past the count get key 0, below
/// every score.</item>
/// <item><see cref="Gather"/>: the best <see cref="NmsParameters.Cap"/> in order (a cap hit is counted).</item>
/// <item><see cref="Mask"/>: per 64×64 tile of (earlier i, later j), bit j of word (i, block) set when j is of i's class
/// (or agnostic) and their IoU, computed as <see cref="BoxIoU"/> computes it, is above the threshold.</item>
/// <item><see cref="Keep"/>: one group walks the boxes in order, keeping a box no kept box has marked and ORing
/// its row into the removed words, split across the group's threads; the keep list stays on the device.</item>
/// </list>
/// Group sizes come from the accelerator (a power of two dividing 64), so no kernel assumes a warp width.
/// </summary>
public static class NmsKernels
{
    public const int BlockSize = 64;

    public static void Keys(Index1D i, ArrayView<Detection> candidates, ArrayView<int> stats, ArrayView<uint> keys, ArrayView<int> order)
    {
        keys[i] = i < stats[DecodeKernels.Stats.Candidates] ? OrderKey(candidates[i].Score) : 0u;
        order[i] = i;
    }

    /// <summary>An unsigned key that sorts ascending as the float does (−0 and +0 share one), never 0 for a number.</summary>
    public static uint OrderKey(float score)
    {
        uint bits = score == 0 ? 0u : Interop.FloatAsInt(score);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    public static void Gather(Index1D i, NmsParameters p, ArrayView<Detection> candidates, ArrayView<int> order,
        ArrayView<Detection> sorted, ArrayView<int> stats)
    {
        int count = stats[DecodeKernels.Stats.Candidates];
        if (i < count && i < p.Cap)
        {
            sorted[i] = candidates[order[i]];
        }
        if (i == 0)
        {
            stats[DecodeKernels.Stats.Capped] = count > p.Cap ? count - p.Cap : 0;
        }
    }

    /// <summary>Grid (column block, row block), any group size dividing 64: the tile's 64 column boxes go to shared memory.</summary>
    public static void Mask(NmsParameters p, ArrayView<Detection> sorted, ArrayView<int> stats, ArrayView<ulong> mask)
    {
        int m = XMath.Min(stats[DecodeKernels.Stats.Candidates], p.Cap);
        int columnBlock = Grid.IdxX;
        int rowBlock = Grid.IdxY;
        ArrayView<Detection> tile = SharedMemory.Allocate<Detection>(BlockSize);
        int threads = Group.DimX;
        for (int c = Group.IdxX; c < BlockSize; c += threads)
        {
            int j = columnBlock * BlockSize + c;
            if (j < m)
            {
                tile[c] = sorted[j];
            }
        }
        Group.Barrier();
        for (int r = Group.IdxX; r < BlockSize; r += threads)
        {
            int i = rowBlock * BlockSize + r;
            if (i >= m)
            {
                continue;
            }
            ulong bits = 0;
            if (columnBlock >= rowBlock)
            {
                Detection a = sorted[i];
                float area = Area(a.Box);
                for (int c = 0; c < BlockSize; c++)
                {
                    int j = columnBlock * BlockSize + c;
                    if (j > i && j < m)
                    {
                        Detection b = tile[c];
                        if ((p.Agnostic != 0 || b.ClassId == a.ClassId) && IoU(a.Box, area, b.Box) > p.IoUThreshold)
                        {
                            bits |= 1UL << c;
                        }
                    }
                }
            }
            mask[(long)i * p.Blocks + columnBlock] = bits;
        }
    }

    /// <summary>One group: the greedy walk over the mask rows. <paramref name="removed"/> holds <see cref="NmsParameters.Blocks"/> words.</summary>
    public static void Keep(NmsParameters p, ArrayView<Detection> sorted, ArrayView<ulong> mask, ArrayView<ulong> removed,
        ArrayView<Detection> kept, ArrayView<int> stats)
    {
        int m = XMath.Min(stats[DecodeKernels.Stats.Candidates], p.Cap);
        int t = Group.IdxX;
        int threads = Group.DimX;
        for (int b = t; b < p.Blocks; b += threads)
        {
            removed[b] = 0;
        }
        Group.Barrier();
        int count = 0;
        for (int i = 0; i < m && count < p.MaxDetections; i++)
        {
            // Every thread reads the same word: it was last written before the last barrier, and the ORs below
            // only set bits after i, so all threads agree on whether i is kept.
            if (((removed[i / BlockSize] >> (i % BlockSize)) & 1) != 0)
            {
                continue;
            }
            if (t == 0)
            {
                kept[count] = sorted[i];
            }
            count++;
            for (int b = i / BlockSize + t; b < p.Blocks; b += threads)
            {
                removed[b] |= mask[(long)i * p.Blocks + b];
            }
            Group.Barrier();
        }
        if (t == 0)
        {
            stats[DecodeKernels.Stats.Kept] = count;
        }
    }

    /// <summary><see cref="BoxF.Area"/>.</summary>
    private static float Area(BoxF box)
    {
        float w = box.X2 - box.X1;
        float h = box.Y2 - box.Y1;
        return w > 0 && h > 0 ? w * h : 0f;
    }

    /// <summary><see cref="BoxIoU"/>'s operator with the earlier (kept) box first, as <see cref="KeptBoxes"/> calls it.</summary>
    private static float IoU(BoxF kept, float keptArea, BoxF box)
    {
        float iw = XMath.Min(kept.X2, box.X2) - XMath.Max(kept.X1, box.X1);
        float ih = XMath.Min(kept.Y2, box.Y2) - XMath.Max(kept.Y1, box.Y1);
        if (iw <= 0 || ih <= 0)
        {
            return 0f;
        }
        float inter = iw * ih;
        return inter / (keptArea + Area(box) - inter);
    }
}
