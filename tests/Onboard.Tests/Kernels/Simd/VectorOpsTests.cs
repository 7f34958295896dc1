using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Simd;

namespace Onboard.Tests.Kernels.Simd;

/// <summary>
/// Each <see cref="IVectorOps{TVec}"/> member at each accelerated width against a scalar model of its
/// lanes, on seeded random inputs and the edge values of each lane type: the lane order of narrowing and
/// packing, the in-lane behaviour of the shuffles and the exactness of the widened multiply-add are what
/// the kernels' bit-exactness rests on, and a width that gets one wrong shows up here by name.
/// </summary>
public sealed unsafe class VectorOpsTests
{
    private const int Bytes = 64;

    [Fact]
    public void EveryMember_AtEveryAcceleratedWidth_MatchesItsScalarModel()
    {
        int checkedWidths = 0;
        if (Vector128Ops.IsAccelerated)
        {
            Check<Vector128<float>, Vector128Ops>();
            checkedWidths++;
        }
        if (Vector256Ops.IsAccelerated)
        {
            Check<Vector256<float>, Vector256Ops>();
            checkedWidths++;
        }
        if (Vector512Ops.IsAccelerated)
        {
            Check<Vector512<float>, Vector512Ops>();
            checkedWidths++;
        }
        Assert.True(checkedWidths > 0 || !Vector128.IsHardwareAccelerated, "no vector width was checked");
    }

    private static void Check<TVec, TOps>()
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        var random = new Random(TOps.Bits);
        for (int round = 0; round < 200; round++)
        {
            byte[] a = Inputs(random, round);
            byte[] b = Inputs(random, round + 1);
            byte[] c = Inputs(random, round + 2);
            string at = $"{TOps.Bits}-bit round {round}";
            int n = TOps.Count;
            fixed (byte* pa = a)
            fixed (byte* pb = b)
            fixed (byte* pc = c)
            {
                TVec va = TOps.Load(pa);
                TVec vb = TOps.Load(pb);
                TVec vc = TOps.Load(pc);

                Same(At<int>(n, i => a.I32(i) + b.I32(i)), TOps.AddInt32(va, vb), $"AddInt32 {at}");
                Same(At<int>(n, i => a.I32(i) - b.I32(i)), TOps.SubtractInt32(va, vb), $"SubtractInt32 {at}");
                Same(At<int>(n, i => a.I32(i) * b.I32(i)), TOps.MultiplyLowInt32(va, vb), $"MultiplyLowInt32 {at}");
                Same(At<int>(n, i => Math.Max(a.I32(i), b.I32(i))), TOps.MaxInt32(va, vb), $"MaxInt32 {at}");
                Same(At<int>(n, i => a.I32(i) >> 7), TOps.ShiftRightArithmeticInt32(va, 7), $"ShiftRightArithmeticInt32 {at}");
                Same(At<int>(n, i => a.I32(i) << 5), TOps.ShiftLeftInt32(va, 5), $"ShiftLeftInt32 {at}");
                Same(At<short>(2 * n, i => (short)(a.I16(i) + b.I16(i))), TOps.AddInt16(va, vb), $"AddInt16 {at}");
                Same(At<short>(2 * n, i => (short)(a.I16(i) >> 3)), TOps.ShiftRightArithmeticInt16(va, 3), $"ShiftRightArithmeticInt16 {at}");
                Same(At<short>(2 * n, i => (short)((ushort)a.I16(i) >> 8)), TOps.ShiftRightLogicalInt16(va, 8), $"ShiftRightLogicalInt16 {at}");
                Same(At<short>(2 * n, i => (short)((a.I16(i) * b.I16(i)) >> 16)), TOps.MultiplyHighInt16(va, vb), $"MultiplyHighInt16 {at}");
                Same(At<int>(n, i => a.I16(2 * i) * b.I16(2 * i) + a.I16(2 * i + 1) * b.I16(2 * i + 1)), TOps.MultiplyAddAdjacentInt16(va, vb), $"MultiplyAddAdjacentInt16 {at}");
                Same(At<int>(n, i => a.I32(i & ~1)), TOps.DuplicateEvenInt32(va), $"DuplicateEvenInt32 {at}");
                Same(At<int>(n, i => a.I32(i | 1)), TOps.DuplicateOddInt32(va), $"DuplicateOddInt32 {at}");
                Same(At<int>(n, i => a.I32(i ^ 1)), TOps.SwapPairsInt32(va), $"SwapPairsInt32 {at}");
                Same(At<float>(n, i => (float)a.I32(i)), TOps.ConvertInt32ToSingle(va), $"ConvertInt32ToSingle {at}");

                // Narrowing in order across the register: lower's lanes, then upper's.
                Same(At<short>(2 * n, i => (short)Math.Clamp(i < n ? a.I32(i) : b.I32(i - n), short.MinValue, short.MaxValue)),
                    TOps.NarrowSaturateInt32ToInt16(va, vb), $"NarrowSaturateInt32ToInt16 {at}");
                Same(At<byte>(4 * n, i => (byte)Math.Clamp((int)(i < 2 * n ? a.I16(i) : b.I16(i - 2 * n)), 0, 255)),
                    TOps.NarrowSaturateInt16ToByte(va, vb), $"NarrowSaturateInt16ToByte {at}");
                Same(At<short>(2 * n, i => (short)(i < n ? a.I32(i) : b.I32(i - n))), TOps.NarrowInt32ToInt16(va, vb), $"NarrowInt32ToInt16 {at}");
                Same(At<byte>(4 * n, i => (byte)(i < 2 * n ? a.I16(i) : b.I16(i - 2 * n))), TOps.NarrowInt16ToByte(va, vb), $"NarrowInt16ToByte {at}");

                // Packing within each 128-bit lane k: a's lane k, then b's.
                Same(At<short>(2 * n, i => (short)Math.Clamp(InLane(i, 4) is (int lane, bool second, int j) ? (second ? b : a).I32(4 * lane + j) : 0, short.MinValue, short.MaxValue)),
                    TOps.PackSaturateInt32ToInt16InLanes(va, vb), $"PackSaturateInt32ToInt16InLanes {at}");
                Same(At<byte>(4 * n, i => (byte)Math.Clamp(InLane(i, 8) is (int lane, bool second, int j) ? (second ? b : a).I16(8 * lane + j) : 0, 0, 255)),
                    TOps.PackSaturateInt16ToByteInLanes(va, vb), $"PackSaturateInt16ToByteInLanes {at}");

                // Shuffle controls: in-lane indices, some with the top bit set (zero).
                byte[] control = new byte[Bytes];
                for (int i = 0; i < Bytes; i++)
                {
                    control[i] = random.Next(5) == 0 ? (byte)0x80 : (byte)random.Next(16);
                }
                fixed (byte* pk = control)
                {
                    Same(At<byte>(4 * n, i => control[i] >= 0x80 ? (byte)0 : a[(i & ~15) + control[i]]), TOps.ShuffleBytesInLanes(va, TOps.Load(pk)), $"ShuffleBytesInLanes {at}");
                }
                var lanePattern = Vector128.Create(a.AsSpan(0, 16));
                Same(At<byte>(4 * n, i => a[i & 15]), TOps.BroadcastLanes(lanePattern), $"BroadcastLanes {at}");

                Same(At<int>(n, i => a[i]), TOps.LoadWidenByteToInt32(pa), $"LoadWidenByteToInt32 {at}");
                Same(At<short>(2 * n, i => a[i]), TOps.LoadWidenByteToInt16(pa), $"LoadWidenByteToInt16 {at}");

                // Lane gathers: lane k from an index table.
                int[] index = new int[16];
                for (int i = 0; i < 16; i++)
                {
                    index[i] = random.Next(0, 12);
                }
                fixed (int* pi = index)
                {
                    Same(At<byte>(4 * n, i => a[3 * index[i / 16] + i % 16]), TOps.LoadLanes(pa, pi, 3), $"LoadLanes {at}");
                    Same(At<int>(n, i => BitConverter.ToInt32(a, index[i])), TOps.GatherInt32(pa, pi), $"GatherInt32 {at}");
                }

                // Floats: the multiply-adds on small integers (the tensor writer's inputs) and arbitrary floats.
                TVec v = TOps.ConvertInt32ToSingle(TOps.LoadWidenByteToInt32(pa));
                TVec fa = TOps.Broadcast(1f / (1 + round));
                TVec fb = TOps.Broadcast(-0.485f / 0.229f + round);
                Same(At<float>(n, i => MathF.FusedMultiplyAdd(a[i], 1f / (1 + round), -0.485f / 0.229f + round)), TOps.FusedMultiplyAdd(v, fa, fb), $"FusedMultiplyAdd {at}");
                Same(At<float>(n, i => (float)((double)a[i] * (1f / (1 + round)) + (-0.485f / 0.229f + round))), TOps.MultiplyAddWidened(v, fa, fb), $"MultiplyAddWidened {at}");
                TVec w = TOps.ConvertInt32ToSingle(TOps.LoadWidenByteToInt32(pb));
                Same(At<float>(n, i => Math.Max(a[i], b[i])), TOps.MaxNative(v, w), $"MaxNative {at}");
                Same(At<float>(n, i => Math.Min(a[i], b[i])), TOps.MinNative(v, w), $"MinNative {at}");

                // Stores: three registers lane by lane; 12 bytes of each lane and nothing past them.
                var three = new float[3 * n + 4];
                fixed (float* pt = three)
                {
                    TOps.StoreLanesInterleaved3(va, vb, vc, pt);
                }
                for (int i = 0; i < 3 * n; i++)
                {
                    int lane = i / 12, k = i % 12;
                    byte[] source = k < 4 ? a : k < 8 ? b : c;
                    Assert.True(BitConverter.SingleToInt32Bits(three[i]) == source.I32(4 * lane + k % 4), $"StoreLanesInterleaved3 {at} element {i}");
                }
                var twelve = new byte[3 * n + 16];
                Array.Fill(twelve, (byte)0xEE);
                fixed (byte* pt = twelve)
                {
                    TOps.StoreLanes12(va, pt);
                }
                for (int i = 0; i < twelve.Length; i++)
                {
                    byte expected = i < 3 * n ? a[16 * (i / 12) + i % 12] : (byte)0xEE;
                    Assert.True(twelve[i] == expected, $"StoreLanes12 {at} byte {i}");
                }
            }
        }
    }

    /// <summary>For element <paramref name="i"/> of a pack of two registers with <paramref name="perLane"/>
    /// elements per 128-bit lane of each input: its lane, whether it comes from the second input, and its index there.</summary>
    private static (int Lane, bool Second, int Index) InLane(int i, int perLane)
    {
        int lane = i / (2 * perLane);
        int k = i % (2 * perLane);
        return (lane, k >= perLane, k % perLane);
    }

    private static byte[] Inputs(Random random, int round)
    {
        var data = new byte[Bytes];
        random.NextBytes(data);
        // Edge values of the lane types in the first rounds: zeros, all ones, sign bits, byte/short limits.
        byte fill = (round % 6) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x80, 3 => 0x7F, _ => 0 };
        if (round < 4)
        {
            for (int i = 0; i < Bytes; i += 3)
            {
                data[i] = fill;
            }
        }
        return data;
    }

    private static T[] At<T>(int count, Func<int, T> lane)
        where T : unmanaged
    {
        var result = new T[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = lane(i);
        }
        return result;
    }

    private static void Same<T, TVec>(T[] expected, TVec actual, string what)
        where T : unmanaged
        where TVec : struct
    {
        ReadOnlySpan<T> lanes = MemoryMarshal.Cast<TVec, T>(new ReadOnlySpan<TVec>(in actual));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MemoryMarshal.AsBytes(expected.AsSpan(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(lanes.Slice(i, 1))),
                $"{what}: lane {i} expected {expected[i]}, got {lanes[i]}");
        }
    }
}
