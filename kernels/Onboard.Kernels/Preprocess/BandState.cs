namespace Onboard.Kernels.Preprocess;

/// <summary>
/// One band's scratch rows (pinned, grown only when a larger geometry arrives): two horizontally resized
/// rows (<c>H &gt;&gt; 4</c>, 16-bit) with the source row each holds, the box sums, the vertical result, a
/// converted YUV row and a float row.
/// </summary>
internal sealed class BandState
{
    public short[][] H { get; } = [[], []];
    public int[] BoxSums { get; private set; } = [];
    public int[] HRow { get; } = [-1, -1];
    public byte[] V { get; private set; } = [];
    public uint[] Pixels { get; private set; } = [];
    public uint[] Bgrx { get; private set; } = [];
    public byte[] YuvScratch { get; private set; } = [];
    public float[] Floats { get; private set; } = [];

    public void Ensure(int columns, int sourceWidth, int width)
    {
        int hLength = 4 * columns + 64;
        for (int k = 0; k < 2; k++)
        {
            if (H[k].Length < hLength)
            {
                H[k] = GC.AllocateArray<short>(hLength, pinned: true);
            }
        }
        if (BoxSums.Length < hLength)
        {
            BoxSums = GC.AllocateArray<int>(hLength, pinned: true);
        }
        if (V.Length < hLength)
        {
            V = GC.AllocateArray<byte>(hLength, pinned: true);
        }
        if (Pixels.Length < columns + 16)
        {
            Pixels = GC.AllocateArray<uint>(columns + 16, pinned: true);
        }
        if (Bgrx.Length < sourceWidth + 64)
        {
            Bgrx = GC.AllocateArray<uint>(sourceWidth + 64, pinned: true);
        }
        int scratch = Imaging.YuvRows.ScratchBytes(sourceWidth);
        if (YuvScratch.Length < scratch)
        {
            YuvScratch = GC.AllocateArray<byte>(scratch, pinned: true);
        }
        if (Floats.Length < 3 * width + 64)
        {
            Floats = GC.AllocateArray<float>(3 * width + 64, pinned: true);
        }
    }
}
