using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Writes rows of 8-bit BGRx pixels (one uint per pixel, channel k in byte k) into one batch item of the
/// model's input tensor: channel selection/order, <c>v·a + b</c> with <c>a = scale/std</c>,
/// <c>b = −mean/std</c> (as <see cref="MathF.FusedMultiplyAdd"/> rounds it), element type and layout.
/// Immutable per call; bands share it. The row kernels are in <c>TensorWriter.Kernels.cs</c>.
/// </summary>
internal readonly unsafe partial struct TensorWriter
{
    private const byte Z = 0x80;

    private readonly byte* _item;
    private readonly TensorElementType _type;
    private readonly TensorLayout _layout;
    private readonly int _width;
    private readonly int _planeElements;
    private readonly int _lane0, _lane1, _lane2;
    private readonly float _a0, _a1, _a2, _b0, _b1, _b2;
    private readonly float _pad0, _pad1, _pad2;
    private readonly byte _padByte;
    // The padding as PatternFill lanes: one value per plane (NCHW), or the pixel's three channels (NHWC).
    private readonly Vector128<byte> _planePad0, _planePad1, _planePad2;
    private readonly Vector128<byte> _pixelPadA, _pixelPadB, _pixelPadC;
    private readonly AffineMode _affine;
    private readonly bool _affineEverywhere;

    /// <param name="item">First byte of this batch item's C·H·W elements.</param>
    /// <param name="options">Tensor size, layout and normalisation.</param>
    /// <param name="type">Element type of the tensor.</param>
    /// <param name="lanes">Byte lane of the pixel feeding tensor channel 0, 1, 2 (e.g. 2,1,0 for BGRx → RGB).</param>
    /// <param name="affine">What widths without a fused multiply-add use (<see cref="ChooseAffine"/>).</param>
    /// <param name="affineEverywhere">Tests: use <paramref name="affine"/> at every width, fused multiply-add or not.</param>
    public TensorWriter(byte* item, in PreprocessOptions options, TensorElementType type, (int, int, int) lanes,
        AffineMode affine = AffineMode.Fused, bool affineEverywhere = false)
    {
        _item = item;
        _type = type;
        _layout = options.Layout;
        _width = options.Width;
        _planeElements = options.Width * options.Height;
        (_lane0, _lane1, _lane2) = lanes;
        (_a0, _a1, _a2, _b0, _b1, _b2) = Coefficients(options);
        _padByte = options.PadValue;
        _pad0 = MathF.FusedMultiplyAdd(_padByte, _a0, _b0);
        _pad1 = MathF.FusedMultiplyAdd(_padByte, _a1, _b1);
        _pad2 = MathF.FusedMultiplyAdd(_padByte, _a2, _b2);
        _affine = affine;
        _affineEverywhere = affineEverywhere;
        if (type is not (TensorElementType.Float32 or TensorElementType.Float16 or TensorElementType.UInt8))
        {
            // The one vocabulary also names types decoders read (int32, int64 …): writing one would overrun the tensor.
            Postprocess.ThrowHelper.ThrowArgument($"the preprocessing kernel writes float32, float16 or uint8 tensors, not {type}", nameof(type));
        }
        switch (type)
        {
            case TensorElementType.Float32:
                (_planePad0, _planePad1, _planePad2) = (PatternFill.Lane(_pad0), PatternFill.Lane(_pad1), PatternFill.Lane(_pad2));
                (_pixelPadA, _pixelPadB, _pixelPadC) = PatternFill.Triples(_pad0, _pad1, _pad2);
                break;
            case TensorElementType.Float16:
                (Half h0, Half h1, Half h2) = ((Half)_pad0, (Half)_pad1, (Half)_pad2);
                (_planePad0, _planePad1, _planePad2) = (PatternFill.Lane(h0), PatternFill.Lane(h1), PatternFill.Lane(h2));
                (_pixelPadA, _pixelPadB, _pixelPadC) = PatternFill.Triples(h0, h1, h2);
                break;
            default:
                _planePad0 = _planePad1 = _planePad2 = _pixelPadA = _pixelPadB = _pixelPadC = PatternFill.Lane(_padByte);
                break;
        }
    }

    /// <summary>The per-channel <c>a</c> and <c>b</c> of <paramref name="options"/>.</summary>
    public static (float A0, float A1, float A2, float B0, float B1, float B2) Coefficients(in PreprocessOptions options) => (
        options.Scale / options.Std.X, options.Scale / options.Std.Y, options.Scale / options.Std.Z,
        -options.Mean.X / options.Std.X, -options.Mean.Y / options.Std.Y, -options.Mean.Z / options.Std.Z);

    /// <summary>
    /// The cheapest <see cref="AffineMode"/> that equals the fused reference for every 8-bit value of every
    /// channel. Only widths without a native fused multiply-add use it; callers cache it per coefficient set.
    /// </summary>
    public static AffineMode ChooseAffine(float a0, float a1, float a2, float b0, float b1, float b2)
    {
        bool separate = true;
        bool widened = true;
        ReadOnlySpan<float> a = [a0, a1, a2];
        ReadOnlySpan<float> b = [b0, b1, b2];
        for (int c = 0; c < 3; c++)
        {
            for (int v = 0; v < 256; v++)
            {
                float exact = MathF.FusedMultiplyAdd(v, a[c], b[c]);
                separate &= SameBits(Separate(v, a[c], b[c]), exact);
                widened &= SameBits((float)((double)v * a[c] + b[c]), exact);
            }
        }
        return separate ? AffineMode.Separate : widened ? AffineMode.Widened : AffineMode.Fused;
    }

    // Kept out of line so neither the C# compiler nor the JIT can fuse the multiply and the add.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Separate(float v, float a, float b)
    {
        float product = v * a;
        return product + b;
    }

    private static bool SameBits(float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y);

    private int ElementSize => _type switch
    {
        TensorElementType.Float32 => 4,
        TensorElementType.Float16 => 2,
        _ => 1,
    };

    /// <summary>Fills columns <c>[x0, x1)</c> of output row <paramref name="oy"/> with the pad value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pad(int oy, int x0, int x1, int maxVectorBits)
    {
        // Safe: oy < height and 0 ≤ x0 ≤ x1 ≤ width, so every write stays inside the batch item.
        int n = x1 - x0;
        if (n <= 0)
        {
            return;
        }
        int esize = ElementSize;
        if (_layout == TensorLayout.Nchw)
        {
            byte* dst = _item + ((long)oy * _width + x0) * esize;
            long plane = (long)_planeElements * esize;
            PatternFill.Run(dst, (nint)n * esize, _planePad0, _planePad0, _planePad0, maxVectorBits);
            PatternFill.Run(dst + plane, (nint)n * esize, _planePad1, _planePad1, _planePad1, maxVectorBits);
            PatternFill.Run(dst + 2 * plane, (nint)n * esize, _planePad2, _planePad2, _planePad2, maxVectorBits);
            return;
        }
        byte* row = _item + ((long)oy * _width + x0) * 3 * esize;
        PatternFill.Run(row, (nint)n * 3 * esize, _pixelPadA, _pixelPadB, _pixelPadC, maxVectorBits);
    }

    /// <summary>Writes <paramref name="count"/> pixels at output (<paramref name="ox"/>, <paramref name="oy"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pixels(int oy, int ox, int count, uint* pixels, float* scratch, int maxVectorBits)
    {
        // Safe: the caller clipped [ox, ox + count) to the tensor width; scratch holds 3·width floats.
        long at = (long)oy * _width + ox;
        if (_layout == TensorLayout.Nchw)
        {
            switch (_type)
            {
                case TensorElementType.Float32:
                {
                    float* p = (float*)_item + at;
                    var planes = new PlanesRun(pixels, p, p + _planeElements, p + 2L * _planeElements, count, maxVectorBits);
                    WithAffine(ref planes);
                    break;
                }
                case TensorElementType.Float16:
                {
                    Half* p = (Half*)_item + at;
                    var planes = new PlanesRun(pixels, scratch, scratch + count, scratch + 2 * count, count, maxVectorBits);
                    WithAffine(ref planes);
                    TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch, count), new Span<Half>(p, count));
                    TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch + count, count), new Span<Half>(p + _planeElements, count));
                    TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch + 2 * count, count), new Span<Half>(p + 2L * _planeElements, count));
                    break;
                }
                default:
                {
                    byte* p = _item + at;
                    var planes = new PlanesU8(this, pixels, p, p + _planeElements, p + 2L * _planeElements);
                    VectorLoop.Run(ref planes, count, maxVectorBits);
                    break;
                }
            }
            return;
        }
        switch (_type)
        {
            case TensorElementType.UInt8:
            {
                var interleaved = new InterleavedU8(this, pixels, _item + 3 * at);
                VectorLoop.Run(ref interleaved, count, maxVectorBits);
                break;
            }
            case TensorElementType.Float32:
            {
                var interleaved = new InterleavedRun(pixels, (float*)_item + 3 * at, count, maxVectorBits);
                WithAffine(ref interleaved);
                break;
            }
            default:
            {
                var interleaved = new InterleavedRun(pixels, scratch, count, maxVectorBits);
                WithAffine(ref interleaved);
                TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch, 3 * count), new Span<Half>((Half*)_item + 3 * at, 3 * count));
                break;
            }
        }
    }

    /// <summary>The three NCHW float planes of one run, for <see cref="WithAffine"/>.</summary>
    private readonly struct PlanesRun(uint* pixels, float* d0, float* d1, float* d2, int count, int maxVectorBits) : IFloatRun
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run<TAffine>(in TensorWriter writer)
            where TAffine : struct, IAffine
        {
            var kernel = new PlanesF32<TAffine>(writer, pixels, d0, d1, d2);
            VectorLoop.Run(ref kernel, count, maxVectorBits);
        }
    }

    /// <summary>One NHWC float run, for <see cref="WithAffine"/>.</summary>
    private readonly struct InterleavedRun(uint* pixels, float* dst, int count, int maxVectorBits) : IFloatRun
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run<TAffine>(in TensorWriter writer)
            where TAffine : struct, IAffine
        {
            var kernel = new InterleavedF32<TAffine>(writer, pixels, dst);
            VectorLoop.Run(ref kernel, count, maxVectorBits);
        }
    }

    /// <summary>Bit offset in a BGRx word of the byte feeding tensor channel 0, 1, 2 (the scalar paths' shifts).</summary>
    private (int, int, int) Shifts
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (8 * _lane0, 8 * _lane1, 8 * _lane2);
    }

    /// <summary><see cref="Spread"/> of the bytes feeding tensor channels 0, 1, 2.</summary>
    private (Vector128<byte>, Vector128<byte>, Vector128<byte>) Spreads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Spread(_lane0), Spread(_lane1), Spread(_lane2));
    }

    /// <summary>The 16-byte shuffle that zero-extends byte lane <paramref name="lane"/> of each of 4 pixels to a 32-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Spread(int lane) =>
        Vector128.Create((byte)lane, Z, Z, Z, (byte)(lane + 4), Z, Z, Z, (byte)(lane + 8), Z, Z, Z, (byte)(lane + 12), Z, Z, Z);
}
