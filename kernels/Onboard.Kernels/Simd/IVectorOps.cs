namespace Onboard.Kernels.Simd;

/// <summary>
/// One SIMD width's operations as static members, so a kernel is written once, generic over <c>TVec</c> and a
/// struct <c>TOps</c>, and the JIT compiles a specialised copy per width with every call inlined (struct type
/// arguments are never shared). <c>TVec</c> is the register: float members read its lanes as floats, the
/// others as the integer type in their name (a reinterpretation costs nothing). Kernels dispatch 512 → 256 →
/// 128 → scalar (<see cref="VectorLoop"/>); arm64 runs the 128-bit (NEON) copy. Comparisons return all-ones
/// lanes. "In lanes" members work within each 128-bit lane, as x86's pack and shuffle instructions do; the
/// others keep elements in order across the whole register.
/// </summary>
internal unsafe interface IVectorOps<TVec>
    where TVec : struct
{
    /// <summary>32-bit lanes per register.</summary>
    static abstract int Count { get; }

    /// <summary>Register width in bits, the figure <c>maxVectorBits</c> arguments compare against.</summary>
    static abstract int Bits { get; }

    static abstract bool IsAccelerated { get; }

    /// <summary>True when <see cref="FusedMultiplyAdd"/> is one instruction (x64 FMA3/AVX-512, arm64);
    /// otherwise the BCL emulates it lane by lane, correctly but slowly.</summary>
    static abstract bool HasFusedMultiplyAdd { get; }

    static abstract TVec Zero { get; }
    static abstract TVec One { get; }

    // ---- memory --------------------------------------------------------------------------------------

    /// <summary>Reads <see cref="Count"/> floats at <paramref name="offset"/> without a bounds check: callers
    /// check that the whole run lies inside the span the reference came from.</summary>
    static abstract TVec Load(ref float source, nuint offset);

    /// <summary>Writes <see cref="Count"/> floats at <paramref name="offset"/>; the caller guarantees the room.</summary>
    static abstract void Store(TVec value, ref float destination, nuint offset);

    /// <summary>One register of bytes at <paramref name="source"/> (unaligned).</summary>
    static abstract TVec Load(void* source);

    static abstract void Store(TVec value, void* destination);

    /// <summary>Writes 128-bit lane k of <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> to
    /// <c>destination + 48k</c>, <c>+ 48k + 16</c>, <c>+ 48k + 32</c> bytes: three registers of 3-element
    /// groups built lane by lane, stored in element order.</summary>
    static abstract void StoreLanesInterleaved3(TVec a, TVec b, TVec c, void* destination);

    /// <summary>Writes the first 12 bytes of 128-bit lane k to <c>destination + 12k</c>, nothing else.</summary>
    static abstract void StoreLanes12(TVec a, byte* destination);

    /// <summary><see cref="Count"/> bytes at <paramref name="source"/>, zero-extended to 32-bit lanes.</summary>
    static abstract TVec LoadWidenByteToInt32(byte* source);

    /// <summary><c>2·Count</c> bytes at <paramref name="source"/>, zero-extended to 16-bit lanes.</summary>
    static abstract TVec LoadWidenByteToInt16(byte* source);

    /// <summary>128-bit lane k = the 16 bytes at <c>source + scale·index[k]</c>.</summary>
    static abstract TVec LoadLanes(byte* source, int* index, int scale);

    /// <summary>32-bit lane k = the 4 bytes at <c>source + index[k]</c>.</summary>
    static abstract TVec GatherInt32(byte* source, int* index);

    // ---- float lanes ---------------------------------------------------------------------------------

    static abstract TVec Broadcast(float value);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);

    /// <summary><c>a·b + c</c> rounded once (see <see cref="HasFusedMultiplyAdd"/>).</summary>
    static abstract TVec FusedMultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary><c>a·b + c</c> computed in double and rounded to float: the product of floats is exact in
    /// double, so only the sum and the final narrowing round.</summary>
    static abstract TVec MultiplyAddWidened(TVec a, TVec b, TVec c);

    /// <summary>The platform's min/max instruction: the same as IEEE for numbers, unspecified for NaN.</summary>
    static abstract TVec MinNative(TVec a, TVec b);

    /// <inheritdoc cref="MinNative"/>
    static abstract TVec MaxNative(TVec a, TVec b);

    static abstract TVec GreaterThan(TVec a, TVec b);
    static abstract TVec Equal(TVec a, TVec b);
    static abstract TVec ConvertInt32ToSingle(TVec a);

    /// <summary>The sign bit of each 32-bit lane, lane 0 in bit 0.</summary>
    static abstract ulong Mask(TVec a);

    // ---- bits ----------------------------------------------------------------------------------------

    static abstract TVec And(TVec a, TVec b);
    static abstract TVec Or(TVec a, TVec b);
    static abstract TVec Not(TVec a);
    static abstract TVec Select(TVec mask, TVec ifTrue, TVec ifFalse);

    // ---- integer lanes -------------------------------------------------------------------------------

    static abstract TVec BroadcastInt32(int value);
    static abstract TVec BroadcastInt16(short value);
    static abstract TVec AddInt32(TVec a, TVec b);
    static abstract TVec SubtractInt32(TVec a, TVec b);
    static abstract TVec MultiplyLowInt32(TVec a, TVec b);
    static abstract TVec MaxInt32(TVec a, TVec b);
    static abstract TVec ShiftRightArithmeticInt32(TVec a, int count);
    static abstract TVec ShiftLeftInt32(TVec a, int count);
    static abstract TVec AddInt16(TVec a, TVec b);
    static abstract TVec ShiftRightArithmeticInt16(TVec a, int count);
    static abstract TVec ShiftRightLogicalInt16(TVec a, int count);

    /// <summary>The high 16 bits of each signed 16×16-bit product: <c>(a·b) &gt;&gt; 16</c>.</summary>
    static abstract TVec MultiplyHighInt16(TVec a, TVec b);

    /// <summary>Signed 16-bit pairs multiplied and summed into 32-bit lanes: <c>a₀b₀ + a₁b₁</c> (x86 pmaddwd).</summary>
    static abstract TVec MultiplyAddAdjacentInt16(TVec a, TVec b);

    /// <summary>Lanes 0,0,2,2,… of each group of four 32-bit lanes.</summary>
    static abstract TVec DuplicateEvenInt32(TVec a);

    /// <summary>Lanes 1,1,3,3,…</summary>
    static abstract TVec DuplicateOddInt32(TVec a);

    /// <summary>Lanes 1,0,3,2,…</summary>
    static abstract TVec SwapPairsInt32(TVec a);

    // ---- narrowing and shuffles ----------------------------------------------------------------------

    /// <summary>Signed 32 → 16 bits with saturation, in order: <paramref name="lower"/>'s lanes, then <paramref name="upper"/>'s.</summary>
    static abstract TVec NarrowSaturateInt32ToInt16(TVec lower, TVec upper);

    /// <summary>Signed 16 → unsigned 8 bits with saturation (clamps to 0..255), in order.</summary>
    static abstract TVec NarrowSaturateInt16ToByte(TVec lower, TVec upper);

    /// <summary>32 → 16 bits, keeping the low half of each lane, in order.</summary>
    static abstract TVec NarrowInt32ToInt16(TVec lower, TVec upper);

    /// <summary>16 → 8 bits, keeping the low byte of each lane, in order.</summary>
    static abstract TVec NarrowInt16ToByte(TVec lower, TVec upper);

    /// <summary><see cref="NarrowSaturateInt32ToInt16"/> within each 128-bit lane (x86 packssdw): lane k
    /// holds <paramref name="a"/>'s lane k, then <paramref name="b"/>'s.</summary>
    static abstract TVec PackSaturateInt32ToInt16InLanes(TVec a, TVec b);

    /// <summary><see cref="NarrowSaturateInt16ToByte"/> within each 128-bit lane (x86 packuswb).</summary>
    static abstract TVec PackSaturateInt16ToByteInLanes(TVec a, TVec b);

    /// <summary>Byte k of each 128-bit lane becomes byte <c>control[k]</c> of that lane, or 0 where the
    /// control byte has its top bit set (x86 pshufb, arm64 tbl).</summary>
    static abstract TVec ShuffleBytesInLanes(TVec a, TVec control);

    /// <summary>A 16-byte pattern repeated in every 128-bit lane.</summary>
    static abstract TVec BroadcastLanes(System.Runtime.Intrinsics.Vector128<byte> lane);
}
