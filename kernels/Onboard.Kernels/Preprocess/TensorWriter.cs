using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Writes rows of 8-bit BGRx pixels (one uint per pixel, channel k in byte k) into one batch item of the
/// model's input tensor: channel selection/order, <c>v·a + b</c> with <c>a = scale/std</c>,
/// <c>b = −mean/std</c>, element type and layout. Immutable per call; bands share it.
/// </summary>
internal readonly unsafe struct TensorWriter
{
    private readonly byte* _item;
    private readonly TensorElementType _type;
    private readonly TensorLayout _layout;
    private readonly int _width;
    private readonly int _planeElements;
    private readonly int _lane0, _lane1, _lane2;
    private readonly float _a0, _a1, _a2, _b0, _b1, _b2;
    private readonly float _pad0, _pad1, _pad2;
    private readonly byte _padByte;

    /// <param name="item">First byte of this batch item's C·H·W elements.</param>
    /// <param name="options">Tensor size, layout and normalisation.</param>
    /// <param name="type">Element type of the tensor.</param>
    /// <param name="lanes">Byte lane of the pixel feeding tensor channel 0, 1, 2 (e.g. 2,1,0 for BGRx → RGB).</param>
    public TensorWriter(byte* item, in PreprocessOptions options, TensorElementType type, (int, int, int) lanes)
    {
        _item = item;
        _type = type;
        _layout = options.Layout;
        _width = options.Width;
        _planeElements = options.Width * options.Height;
        (_lane0, _lane1, _lane2) = lanes;
        _a0 = options.Scale / options.Std.X;
        _a1 = options.Scale / options.Std.Y;
        _a2 = options.Scale / options.Std.Z;
        _b0 = -options.Mean.X / options.Std.X;
        _b1 = -options.Mean.Y / options.Std.Y;
        _b2 = -options.Mean.Z / options.Std.Z;
        _padByte = options.PadValue;
        _pad0 = MathF.FusedMultiplyAdd(_padByte, _a0, _b0);
        _pad1 = MathF.FusedMultiplyAdd(_padByte, _a1, _b1);
        _pad2 = MathF.FusedMultiplyAdd(_padByte, _a2, _b2);
    }

    private int ElementSize => _type switch
    {
        TensorElementType.Float32 => 4,
        TensorElementType.Float16 => 2,
        _ => 1,
    };

    /// <summary>Fills columns <c>[x0, x1)</c> of output row <paramref name="oy"/> with the pad value.</summary>
    public void Pad(int oy, int x0, int x1, float* scratch)
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
            for (int c = 0; c < 3; c++)
            {
                byte* dst = _item + ((long)c * _planeElements + (long)oy * _width + x0) * esize;
                switch (_type)
                {
                    case TensorElementType.Float32:
                        new Span<float>(dst, n).Fill(c == 0 ? _pad0 : c == 1 ? _pad1 : _pad2);
                        break;
                    case TensorElementType.Float16:
                        new Span<Half>(dst, n).Fill((Half)(c == 0 ? _pad0 : c == 1 ? _pad1 : _pad2));
                        break;
                    default:
                        new Span<byte>(dst, n).Fill(_padByte);
                        break;
                }
            }
            return;
        }
        byte* row = _item + ((long)oy * _width + x0) * 3 * esize;
        switch (_type)
        {
            case TensorElementType.UInt8:
                new Span<byte>(row, 3 * n).Fill(_padByte);
                break;
            case TensorElementType.Float32:
                FillTriples((float*)row, n, _pad0, _pad1, _pad2);
                break;
            default:
                FillTriples(scratch, n, _pad0, _pad1, _pad2);
                TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch, 3 * n), new Span<Half>(row, 3 * n));
                break;
        }
    }

    /// <summary>Writes <paramref name="count"/> pixels at output (<paramref name="ox"/>, <paramref name="oy"/>).</summary>
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
                    PlaneF32(pixels, count, 8 * _lane0, _a0, _b0, p, maxVectorBits);
                    PlaneF32(pixels, count, 8 * _lane1, _a1, _b1, p + _planeElements, maxVectorBits);
                    PlaneF32(pixels, count, 8 * _lane2, _a2, _b2, p + 2L * _planeElements, maxVectorBits);
                    break;
                }
                case TensorElementType.Float16:
                {
                    Half* p = (Half*)_item + at;
                    PlaneF32(pixels, count, 8 * _lane0, _a0, _b0, scratch, maxVectorBits);
                    PlaneF32(pixels, count, 8 * _lane1, _a1, _b1, scratch + count, maxVectorBits);
                    PlaneF32(pixels, count, 8 * _lane2, _a2, _b2, scratch + 2 * count, maxVectorBits);
                    TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch, count), new Span<Half>(p, count));
                    TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch + count, count), new Span<Half>(p + _planeElements, count));
                    TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch + 2 * count, count), new Span<Half>(p + 2L * _planeElements, count));
                    break;
                }
                default:
                {
                    byte* p = _item + at;
                    PlaneU8(pixels, count, 8 * _lane0, p, maxVectorBits);
                    PlaneU8(pixels, count, 8 * _lane1, p + _planeElements, maxVectorBits);
                    PlaneU8(pixels, count, 8 * _lane2, p + 2L * _planeElements, maxVectorBits);
                    break;
                }
            }
            return;
        }
        switch (_type)
        {
            case TensorElementType.UInt8:
                InterleavedU8(pixels, count, _item + 3 * at, maxVectorBits);
                break;
            case TensorElementType.Float32:
                InterleavedF32(pixels, count, (float*)_item + 3 * at, maxVectorBits);
                break;
            default:
                InterleavedF32(pixels, count, scratch, maxVectorBits);
                TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(scratch, 3 * count), new Span<Half>((Half*)_item + 3 * at, 3 * count));
                break;
        }
    }

    private static void PlaneF32(uint* pixels, int count, int shift, float a, float b, float* dst, int maxVectorBits)
    {
        int i = 0;
        if (maxVectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> va = Vector512.Create(a);
            Vector512<float> vb = Vector512.Create(b);
            Vector512<uint> mask = Vector512.Create(0xFFu);
            for (; i <= count - 16; i += 16)
            {
                Vector512<float> v = Vector512.ConvertToSingle((Vector512.ShiftRightLogical(Vector512.Load(pixels + i), shift) & mask).AsInt32());
                Vector512.FusedMultiplyAdd(v, va, vb).Store(dst + i);
            }
        }
        if (maxVectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> va = Vector256.Create(a);
            Vector256<float> vb = Vector256.Create(b);
            Vector256<uint> mask = Vector256.Create(0xFFu);
            for (; i <= count - 8; i += 8)
            {
                Vector256<float> v = Vector256.ConvertToSingle((Vector256.ShiftRightLogical(Vector256.Load(pixels + i), shift) & mask).AsInt32());
                Vector256.FusedMultiplyAdd(v, va, vb).Store(dst + i);
            }
        }
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            Vector128<float> va = Vector128.Create(a);
            Vector128<float> vb = Vector128.Create(b);
            Vector128<uint> mask = Vector128.Create(0xFFu);
            for (; i <= count - 4; i += 4)
            {
                Vector128<float> v = Vector128.ConvertToSingle((Vector128.ShiftRightLogical(Vector128.Load(pixels + i), shift) & mask).AsInt32());
                Vector128.FusedMultiplyAdd(v, va, vb).Store(dst + i);
            }
        }
        for (; i < count; i++)
        {
            dst[i] = MathF.FusedMultiplyAdd((pixels[i] >> shift) & 0xFF, a, b);
        }
    }

    private static void PlaneU8(uint* pixels, int count, int shift, byte* dst, int maxVectorBits)
    {
        int i = 0;
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            Vector128<uint> mask = Vector128.Create(0xFFu);
            for (; i <= count - 16; i += 16)
            {
                Vector128<ushort> lo = Vector128.Narrow(
                    Vector128.ShiftRightLogical(Vector128.Load(pixels + i), shift) & mask,
                    Vector128.ShiftRightLogical(Vector128.Load(pixels + i + 4), shift) & mask);
                Vector128<ushort> hi = Vector128.Narrow(
                    Vector128.ShiftRightLogical(Vector128.Load(pixels + i + 8), shift) & mask,
                    Vector128.ShiftRightLogical(Vector128.Load(pixels + i + 12), shift) & mask);
                Vector128.Narrow(lo, hi).Store(dst + i);
            }
        }
        for (; i < count; i++)
        {
            dst[i] = (byte)(pixels[i] >> shift);
        }
    }

    private void InterleavedF32(uint* pixels, int count, float* dst, int maxVectorBits)
    {
        int i = 0;
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            // One pixel per vector; the fourth lane lands on the next pixel's first float, rewritten next.
            Vector128<byte> spread = Vector128.Create((byte)_lane0, 0x80, 0x80, 0x80, (byte)_lane1, 0x80, 0x80, 0x80, (byte)_lane2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
            Vector128<float> va = Vector128.Create(_a0, _a1, _a2, 0f);
            Vector128<float> vb = Vector128.Create(_b0, _b1, _b2, 0f);
            for (; i < count - 1; i++)
            {
                Vector128<int> v = Vector128.Shuffle(Vector128.CreateScalar(pixels[i]).AsByte(), spread).AsInt32();
                Vector128.FusedMultiplyAdd(Vector128.ConvertToSingle(v), va, vb).Store(dst + 3 * i);
            }
        }
        for (; i < count; i++)
        {
            uint p = pixels[i];
            dst[3 * i] = MathF.FusedMultiplyAdd((p >> (8 * _lane0)) & 0xFF, _a0, _b0);
            dst[3 * i + 1] = MathF.FusedMultiplyAdd((p >> (8 * _lane1)) & 0xFF, _a1, _b1);
            dst[3 * i + 2] = MathF.FusedMultiplyAdd((p >> (8 * _lane2)) & 0xFF, _a2, _b2);
        }
    }

    private void InterleavedU8(uint* pixels, int count, byte* dst, int maxVectorBits)
    {
        int i = 0;
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            // Four BGRx pixels → twelve bytes in tensor channel order; the 16-byte store's last four bytes
            // are rewritten by the next group, so stop while six pixels remain.
            Vector128<byte> pack = Vector128.Create(
                (byte)_lane0, (byte)_lane1, (byte)_lane2,
                (byte)(4 + _lane0), (byte)(4 + _lane1), (byte)(4 + _lane2),
                (byte)(8 + _lane0), (byte)(8 + _lane1), (byte)(8 + _lane2),
                (byte)(12 + _lane0), (byte)(12 + _lane1), (byte)(12 + _lane2),
                0x80, 0x80, 0x80, 0x80);
            for (; i <= count - 6; i += 4)
            {
                Vector128.Shuffle(Vector128.Load(pixels + i).AsByte(), pack).Store(dst + 3 * i);
            }
        }
        for (; i < count; i++)
        {
            uint p = pixels[i];
            dst[3 * i] = (byte)(p >> (8 * _lane0));
            dst[3 * i + 1] = (byte)(p >> (8 * _lane1));
            dst[3 * i + 2] = (byte)(p >> (8 * _lane2));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FillTriples(float* dst, int n, float v0, float v1, float v2)
    {
        for (int i = 0; i < n; i++)
        {
            dst[3 * i] = v0;
            dst[3 * i + 1] = v1;
            dst[3 * i + 2] = v2;
        }
    }
}
