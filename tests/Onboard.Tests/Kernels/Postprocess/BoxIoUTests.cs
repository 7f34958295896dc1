using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Kernels.Simd;

namespace Onboard.Tests.Kernels.Postprocess;

public sealed class BoxIoUTests
{
    [Theory]
    [MemberData(nameof(VectorWidths.Data), MemberType = typeof(VectorWidths))]
    public void OneToMany_EveryLength0To256_EqualsScalarReferenceBitForBit(int bits)
    {
        var random = new Random(11);
        for (int n = 0; n <= 256; n++)
        {
            BoxF box = NmsCases.RandomBox(random, 0, 100, 1, 60);
            var x1 = new float[n];
            var y1 = new float[n];
            var x2 = new float[n];
            var y2 = new float[n];
            var areas = new float[n];
            for (int i = 0; i < n; i++)
            {
                // A third exact copies or shifted copies of the box, so IoU 1, partial and 0 all occur.
                BoxF b = (i % 3) switch
                {
                    0 => box,
                    1 => new BoxF(box.X1 + NmsCases.Uniform(random, -30, 30), box.Y1, box.X2 + NmsCases.Uniform(random, -30, 30), box.Y2 + 5),
                    _ => NmsCases.RandomBox(random, 0, 100, 0.5f, 60),
                };
                (x1[i], y1[i], x2[i], y2[i], areas[i]) = (b.X1, b.Y1, b.X2, b.Y2, b.Area);
            }
            var fast = new float[n];
            var reference = new float[n];
            BoxIoU.OneToMany(box, x1, y1, x2, y2, areas, fast, bits);
            BoxIoU.OneToManyReference(box, x1, y1, x2, y2, reference);
            for (int i = 0; i < n; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(fast[i]) == BitConverter.SingleToInt32Bits(reference[i]),
                    $"{bits} bits n={n} i={i}: {fast[i]:R} vs {reference[i]:R}");
            }
        }
    }

    [Fact]
    public void OneToMany_IdenticalContainedAndDisjoint_GivesOneQuarterAndZero()
    {
        var box = new BoxF(0, 0, 10, 10);
        float[] x1 = [0, 0, 20], y1 = [0, 0, 20], x2 = [10, 5, 30], y2 = [10, 5, 30], areas = [100, 25, 100];
        var iou = new float[3];
        BoxIoU.OneToMany(box, x1, y1, x2, y2, areas, iou);
        Assert.Equal([1f, 0.25f, 0f], iou);
    }

    [Fact]
    public void OneToMany_ColumnShorterThanDestination_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            BoxIoU.OneToMany(new BoxF(0, 0, 1, 1), new float[3], new float[4], new float[4], new float[4], new float[4], new float[4]));
        Assert.Contains("at least the destination's 4", e.Message, StringComparison.Ordinal);
    }
}
