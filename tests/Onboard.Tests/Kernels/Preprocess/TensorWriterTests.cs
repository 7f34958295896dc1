using Onboard.Kernels;
using System.Numerics;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Kernels.Simd;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// The tensor writer's row kernels (NCHW/NHWC × f32/f16/u8) at every width and run length 0..256 against its
/// scalar path, bit for bit, with each <see cref="AffineMode"/> forced at every width (so the formulas a
/// width without FMA uses are checked on machines that have FMA), and <see cref="TensorWriter.ChooseAffine"/>
/// held to its promise: the mode it picks equals the fused reference for all 256 inputs.
/// </summary>
public sealed unsafe class TensorWriterTests
{
    // The element types the preprocessing kernel writes (the shared vocabulary has more).
    private static readonly TensorElementType[] s_writable = [TensorElementType.Float32, TensorElementType.Float16, TensorElementType.UInt8];

    private const int Width = 256;

    private static readonly (float Scale, Vector3 Mean, Vector3 Std)[] s_normalisations =
    [
        (1f / 255f, Vector3.Zero, Vector3.One),                                            // YOLO
        (1f / 255f, new Vector3(0.485f, 0.456f, 0.406f), new Vector3(0.229f, 0.224f, 0.225f)), // ImageNet
        (1f, new Vector3(127.5f, 127.5f, 127.5f), new Vector3(127.5f, 127.5f, 127.5f)),    // [-1, 1]
        (0.3f, new Vector3(1e-9f, 0, 5), new Vector3(3, 7, 0.1f)),
    ];

    public static TheoryData<int> Widths() => VectorWidths.Data();

    [Theory]
    [MemberData(nameof(Widths))]
    public void Pixels_EveryLayoutTypeModeAndCount0To256_EqualsScalarBitForBit(int bits)
    {
        var random = new Random(bits + 3);
        var pixels = new uint[Width + 16];
        foreach (ref uint p in pixels.AsSpan())
        {
            p = (uint)random.Next() | ((uint)random.Next(2) << 31);
        }
        pixels[0] = 0;
        pixels[1] = 0xFFFFFFFF;
        var scratch = new float[3 * Width + 64];
        foreach ((float scale, Vector3 mean, Vector3 std) in s_normalisations)
        {
            foreach (TensorLayout layout in Enum.GetValues<TensorLayout>())
            {
                foreach (TensorElementType type in s_writable)
                {
                    var options = new PreprocessOptions(Width, 1) { Layout = layout, Scale = scale, Mean = mean, Std = std };
                    var c = TensorWriter.Coefficients(options);
                    AffineMode chosen = TensorWriter.ChooseAffine(c.A0, c.A1, c.A2, c.B0, c.B1, c.B2);
                    foreach (AffineMode mode in new[] { AffineMode.Fused, chosen })
                    {
                        for (int count = 0; count <= Width; count += count < 70 ? 1 : 7)
                        {
                            byte[] expected = Write(options, type, pixels, count, scratch, 0, AffineMode.Fused, everywhere: false);
                            byte[] actual = Write(options, type, pixels, count, scratch, bits, mode, everywhere: true);
                            Assert.True(expected.AsSpan().SequenceEqual(actual),
                                $"{bits} bits {layout} {type} scale {scale} mean {mean} mode {mode}: count {count}, first difference at byte {expected.AsSpan().CommonPrefixLength(actual)}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Pad_EveryLayoutTypeAndRange_WritesThePadValueThereAndNothingElse(int bits)
    {
        var options = new PreprocessOptions(Width, 2) { PadValue = 7, Scale = 0.3f, Mean = new Vector3(1, 2, 3), Std = new Vector3(2, 3, 5) };
        var c = TensorWriter.Coefficients(options);
        float[] pad = [MathF.FusedMultiplyAdd(7, c.A0, c.B0), MathF.FusedMultiplyAdd(7, c.A1, c.B1), MathF.FusedMultiplyAdd(7, c.A2, c.B2)];
        foreach (TensorLayout layout in Enum.GetValues<TensorLayout>())
        {
            foreach (TensorElementType type in s_writable)
            {
                int esize = type == TensorElementType.Float32 ? 4 : type == TensorElementType.Float16 ? 2 : 1;
                for (int x0 = 0; x0 <= Width; x0 += 37)
                {
                    for (int x1 = x0; x1 <= Width; x1 += x1 - x0 < 70 ? 1 : 13)
                    {
                        var tensor = new byte[3 * 2 * Width * esize];
                        Array.Fill(tensor, (byte)0x5A);
                        fixed (byte* t = tensor)
                        {
                            new TensorWriter(t, options with { Layout = layout }, type, (2, 1, 0)).Pad(1, x0, x1, bits);
                        }
                        for (int e = 0; e < tensor.Length / esize; e++)
                        {
                            // Element e's channel and column, in this layout.
                            (int channel, int row, int column) = layout == TensorLayout.Nchw
                                ? (e / (2 * Width), e / Width % 2, e % Width)
                                : (e % 3, e / (3 * Width), e / 3 % Width);
                            bool inside = row == 1 && column >= x0 && column < x1;
                            ReadOnlySpan<byte> actual = tensor.AsSpan(e * esize, esize);
                            byte[] expected = !inside ? [.. Enumerable.Repeat((byte)0x5A, esize)] : type switch
                            {
                                TensorElementType.Float32 => BitConverter.GetBytes(pad[channel]),
                                TensorElementType.Float16 => BitConverter.GetBytes((Half)pad[channel]),
                                _ => [7],
                            };
                            Assert.True(actual.SequenceEqual(expected), $"{bits} bits {layout} {type} [{x0}, {x1}): element {e} (channel {channel}, row {row}, column {column})");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void ChooseAffine_PicksAFormulaEqualToFusedForEveryByte_AndCoversBothFallbacks()
    {
        var seen = new HashSet<AffineMode>();
        foreach ((float scale, Vector3 mean, Vector3 std) in s_normalisations)
        {
            var c = TensorWriter.Coefficients(new PreprocessOptions(1, 1) { Scale = scale, Mean = mean, Std = std });
            (float a, float b)[] channels = [(c.A0, c.B0), (c.A1, c.B1), (c.A2, c.B2)];
            AffineMode mode = TensorWriter.ChooseAffine(c.A0, c.A1, c.A2, c.B0, c.B1, c.B2);
            seen.Add(mode);
            foreach ((float a, float b) in channels)
            {
                for (int v = 0; v < 256; v++)
                {
                    float exact = MathF.FusedMultiplyAdd(v, a, b);
                    float formula = mode switch
                    {
                        AffineMode.Separate => Separate(v, a, b),
                        AffineMode.Widened => (float)((double)v * a + b),
                        _ => exact,
                    };
                    Assert.True(BitConverter.SingleToInt32Bits(exact) == BitConverter.SingleToInt32Bits(formula), $"{mode} for a={a} b={b} v={v}");
                }
            }
        }
        Assert.Contains(AffineMode.Separate, seen);
        Assert.Contains(AffineMode.Widened, seen);
    }

    private static float Separate(float v, float a, float b)
    {
        float product = v * a;
        return product + b;
    }

    /// <summary>One row of <paramref name="count"/> pixels written at column 0 of a fresh tensor, as bytes.</summary>
    private static byte[] Write(in PreprocessOptions options, TensorElementType type, uint[] pixels, int count, float[] scratch, int bits, AffineMode mode, bool everywhere)
    {
        int esize = type == TensorElementType.Float32 ? 4 : type == TensorElementType.Float16 ? 2 : 1;
        var tensor = new byte[3 * Width * esize + 64];
        Array.Fill(tensor, (byte)0x5A);
        fixed (byte* t = tensor)
        fixed (uint* p = pixels)
        fixed (float* s = scratch)
        {
            var writer = new TensorWriter(t, options, type, (2, 1, 0), mode, everywhere);
            writer.Pixels(0, 0, count, p, s, bits);
        }
        return tensor;
    }
}
