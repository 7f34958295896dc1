using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Preprocess;

internal readonly unsafe partial struct TensorWriter
{
    /// <summary>NCHW float: one pass over the pixels writes all three planes; a byte shuffle picks each
    /// channel's byte and zero-extends it, so a channel costs shuffle, convert, multiply-add, store.</summary>
    private readonly struct PlanesF32<TAffine> : IVectorKernel
        where TAffine : struct, IAffine
    {
        private readonly uint* _pixels;
        private readonly float* _d0, _d1, _d2;
        private readonly float _a0, _a1, _a2, _b0, _b1, _b2;
        private readonly int _shift0, _shift1, _shift2;
        private readonly Vector128<byte> _spread0, _spread1, _spread2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PlanesF32(in TensorWriter w, uint* pixels, float* d0, float* d1, float* d2)
        {
            _pixels = pixels;
            _d0 = d0;
            _d1 = d1;
            _d2 = d2;
            (_a0, _a1, _a2, _b0, _b1, _b2) = (w._a0, w._a1, w._a2, w._b0, w._b1, w._b2);
            (_shift0, _shift1, _shift2) = w.Shifts;
            (_spread0, _spread1, _spread2) = w.Spreads;
        }

        public static int BlockSize(int lanes) => lanes;

        /// <summary>C0–C2: each channel's byte spread; C3–C5: a; C6–C8: b.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants.C0 = TOps.BroadcastLanes(_spread0);
            constants.C1 = TOps.BroadcastLanes(_spread1);
            constants.C2 = TOps.BroadcastLanes(_spread2);
            constants.C3 = TOps.Broadcast(_a0);
            constants.C4 = TOps.Broadcast(_a1);
            constants.C5 = TOps.Broadcast(_a2);
            constants.C6 = TOps.Broadcast(_b0);
            constants.C7 = TOps.Broadcast(_b1);
            constants.C8 = TOps.Broadcast(_b2);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            TVec p = TOps.Load(_pixels + i);
            TOps.Store(TAffine.Apply<TVec, TOps>(TOps.ConvertInt32ToSingle(TOps.ShuffleBytesInLanes(p, c.C0)), c.C3, c.C6), _d0 + i);
            TOps.Store(TAffine.Apply<TVec, TOps>(TOps.ConvertInt32ToSingle(TOps.ShuffleBytesInLanes(p, c.C1)), c.C4, c.C7), _d1 + i);
            TOps.Store(TAffine.Apply<TVec, TOps>(TOps.ConvertInt32ToSingle(TOps.ShuffleBytesInLanes(p, c.C2)), c.C5, c.C8), _d2 + i);
        }

        public void Scalar(int i)
        {
            uint p = _pixels[i];
            _d0[i] = MathF.FusedMultiplyAdd((p >> _shift0) & 0xFF, _a0, _b0);
            _d1[i] = MathF.FusedMultiplyAdd((p >> _shift1) & 0xFF, _a1, _b1);
            _d2[i] = MathF.FusedMultiplyAdd((p >> _shift2) & 0xFF, _a2, _b2);
        }
    }

    /// <summary>NCHW bytes: four registers of pixels narrow to one register of each channel.</summary>
    private readonly struct PlanesU8 : IVectorKernel
    {
        private readonly uint* _pixels;
        private readonly byte* _d0, _d1, _d2;
        private readonly int _shift0, _shift1, _shift2;
        private readonly Vector128<byte> _spread0, _spread1, _spread2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PlanesU8(in TensorWriter w, uint* pixels, byte* d0, byte* d1, byte* d2)
        {
            _pixels = pixels;
            _d0 = d0;
            _d1 = d1;
            _d2 = d2;
            (_shift0, _shift1, _shift2) = w.Shifts;
            (_spread0, _spread1, _spread2) = w.Spreads;
        }

        public static int BlockSize(int lanes) => 4 * lanes;

        /// <summary>C0–C2: each channel's byte spread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastLanes(_spread0);
            constants.C1 = TOps.BroadcastLanes(_spread1);
            constants.C2 = TOps.BroadcastLanes(_spread2);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            int n = TOps.Count;
            TVec p0 = TOps.Load(_pixels + i);
            TVec p1 = TOps.Load(_pixels + i + n);
            TVec p2 = TOps.Load(_pixels + i + 2 * n);
            TVec p3 = TOps.Load(_pixels + i + 3 * n);
            TOps.Store(Channel<TVec, TOps>(p0, p1, p2, p3, c.C0), _d0 + i);
            TOps.Store(Channel<TVec, TOps>(p0, p1, p2, p3, c.C1), _d1 + i);
            TOps.Store(Channel<TVec, TOps>(p0, p1, p2, p3, c.C2), _d2 + i);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TVec Channel<TVec, TOps>(TVec p0, TVec p1, TVec p2, TVec p3, TVec spread)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            TOps.NarrowInt16ToByte(
                TOps.NarrowInt32ToInt16(TOps.ShuffleBytesInLanes(p0, spread), TOps.ShuffleBytesInLanes(p1, spread)),
                TOps.NarrowInt32ToInt16(TOps.ShuffleBytesInLanes(p2, spread), TOps.ShuffleBytesInLanes(p3, spread)));

        public void Scalar(int i)
        {
            uint p = _pixels[i];
            _d0[i] = (byte)(p >> _shift0);
            _d1[i] = (byte)(p >> _shift1);
            _d2[i] = (byte)(p >> _shift2);
        }
    }

    /// <summary>
    /// NHWC float: per 128-bit lane, four pixels become twelve floats in three registers (each shuffle spreads
    /// the bytes of one run of four outputs), with the coefficients in the matching channel pattern.
    /// </summary>
    private readonly struct InterleavedF32<TAffine> : IVectorKernel
        where TAffine : struct, IAffine
    {
        private readonly uint* _pixels;
        private readonly float* _dst;
        private readonly int _shift0, _shift1, _shift2;
        private readonly float _a0, _a1, _a2, _b0, _b1, _b2;
        private readonly Vector128<byte> _spreadA, _spreadB, _spreadC;
        private readonly Vector128<float> _aA, _aB, _aC, _bA, _bB, _bC;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public InterleavedF32(in TensorWriter w, uint* pixels, float* dst)
        {
            _pixels = pixels;
            _dst = dst;
            (_shift0, _shift1, _shift2) = w.Shifts;
            (_a0, _a1, _a2, _b0, _b1, _b2) = (w._a0, w._a1, w._a2, w._b0, w._b1, w._b2);
            (byte l0, byte l1, byte l2) = ((byte)w._lane0, (byte)w._lane1, (byte)w._lane2);
            // Outputs 0–3: p0.c0 p0.c1 p0.c2 p1.c0; 4–7: p1.c1 p1.c2 p2.c0 p2.c1; 8–11: p2.c2 p3.c0 p3.c1 p3.c2.
            _spreadA = Vector128.Create(l0, Z, Z, Z, l1, Z, Z, Z, l2, Z, Z, Z, (byte)(4 + l0), Z, Z, Z);
            _spreadB = Vector128.Create((byte)(4 + l1), Z, Z, Z, (byte)(4 + l2), Z, Z, Z, (byte)(8 + l0), Z, Z, Z, (byte)(8 + l1), Z, Z, Z);
            _spreadC = Vector128.Create((byte)(8 + l2), Z, Z, Z, (byte)(12 + l0), Z, Z, Z, (byte)(12 + l1), Z, Z, Z, (byte)(12 + l2), Z, Z, Z);
            (_aA, _aB, _aC) = (Vector128.Create(_a0, _a1, _a2, _a0), Vector128.Create(_a1, _a2, _a0, _a1), Vector128.Create(_a2, _a0, _a1, _a2));
            (_bA, _bB, _bC) = (Vector128.Create(_b0, _b1, _b2, _b0), Vector128.Create(_b1, _b2, _b0, _b1), Vector128.Create(_b2, _b0, _b1, _b2));
        }

        public static int BlockSize(int lanes) => lanes;

        /// <summary>C0–C2: the spreads of outputs 0–3, 4–7, 8–11 of a lane; C3–C5: their a; C6–C8: their b.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants.C0 = TOps.BroadcastLanes(_spreadA);
            constants.C1 = TOps.BroadcastLanes(_spreadB);
            constants.C2 = TOps.BroadcastLanes(_spreadC);
            constants.C3 = TOps.BroadcastLanes(_aA.AsByte());
            constants.C4 = TOps.BroadcastLanes(_aB.AsByte());
            constants.C5 = TOps.BroadcastLanes(_aC.AsByte());
            constants.C6 = TOps.BroadcastLanes(_bA.AsByte());
            constants.C7 = TOps.BroadcastLanes(_bB.AsByte());
            constants.C8 = TOps.BroadcastLanes(_bC.AsByte());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            TVec p = TOps.Load(_pixels + i);
            TVec x = TAffine.Apply<TVec, TOps>(TOps.ConvertInt32ToSingle(TOps.ShuffleBytesInLanes(p, c.C0)), c.C3, c.C6);
            TVec y = TAffine.Apply<TVec, TOps>(TOps.ConvertInt32ToSingle(TOps.ShuffleBytesInLanes(p, c.C1)), c.C4, c.C7);
            TVec z = TAffine.Apply<TVec, TOps>(TOps.ConvertInt32ToSingle(TOps.ShuffleBytesInLanes(p, c.C2)), c.C5, c.C8);
            TOps.StoreLanesInterleaved3(x, y, z, _dst + 3 * i);
        }

        public void Scalar(int i)
        {
            uint p = _pixels[i];
            _dst[3 * i] = MathF.FusedMultiplyAdd((p >> _shift0) & 0xFF, _a0, _b0);
            _dst[3 * i + 1] = MathF.FusedMultiplyAdd((p >> _shift1) & 0xFF, _a1, _b1);
            _dst[3 * i + 2] = MathF.FusedMultiplyAdd((p >> _shift2) & 0xFF, _a2, _b2);
        }
    }

    /// <summary>NHWC bytes: one shuffle per 128-bit lane packs four pixels into twelve bytes in tensor order.</summary>
    private readonly struct InterleavedU8 : IVectorKernel
    {
        private readonly uint* _pixels;
        private readonly byte* _dst;
        private readonly int _shift0, _shift1, _shift2;
        private readonly Vector128<byte> _pack;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public InterleavedU8(in TensorWriter w, uint* pixels, byte* dst)
        {
            _pixels = pixels;
            _dst = dst;
            (_shift0, _shift1, _shift2) = w.Shifts;
            (byte l0, byte l1, byte l2) = ((byte)w._lane0, (byte)w._lane1, (byte)w._lane2);
            _pack = Vector128.Create(l0, l1, l2, (byte)(4 + l0), (byte)(4 + l1), (byte)(4 + l2),
                (byte)(8 + l0), (byte)(8 + l1), (byte)(8 + l2), (byte)(12 + l0), (byte)(12 + l1), (byte)(12 + l2), Z, Z, Z, Z);
        }

        public static int BlockSize(int lanes) => lanes;

        /// <summary>C0: the 4-pixel pack.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastLanes(_pack);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            TOps.StoreLanes12(TOps.ShuffleBytesInLanes(TOps.Load(_pixels + i), c.C0), _dst + 3 * i);

        public void Scalar(int i)
        {
            uint p = _pixels[i];
            _dst[3 * i] = (byte)(p >> _shift0);
            _dst[3 * i + 1] = (byte)(p >> _shift1);
            _dst[3 * i + 2] = (byte)(p >> _shift2);
        }
    }
}
