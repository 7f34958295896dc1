namespace Onboard.Kernels.Postprocess;

/// <summary>
/// One SIMD width's float operations as static members, so a kernel is written once, generic over
/// <c>TVec</c> and a struct <c>TOps</c>, and the JIT compiles a specialised copy per width with every call
/// inlined (struct type arguments are never shared). Kernels dispatch 512 → 256 → 128 → scalar on
/// <see cref="IsAccelerated"/>; arm64 runs the 128-bit (NEON) copy. Comparisons return all-ones lanes.
/// </summary>
internal interface IVectorOps<TVec>
    where TVec : struct
{
    static abstract int Count { get; }
    static abstract bool IsAccelerated { get; }
    static abstract TVec Zero { get; }
    static abstract TVec One { get; }

    /// <summary>Reads <see cref="Count"/> floats at <paramref name="offset"/> without a bounds check: callers
    /// check that the whole run lies inside the span the reference came from.</summary>
    static abstract TVec Load(ref float source, nuint offset);

    /// <summary>Writes <see cref="Count"/> floats at <paramref name="offset"/>; the caller guarantees the room.</summary>
    static abstract void Store(TVec value, ref float destination, nuint offset);

    static abstract TVec Broadcast(float value);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>The platform's min/max instruction: the same as IEEE for numbers, unspecified for NaN.</summary>
    static abstract TVec MinNative(TVec a, TVec b);

    /// <inheritdoc cref="MinNative"/>
    static abstract TVec MaxNative(TVec a, TVec b);

    static abstract TVec GreaterThan(TVec a, TVec b);
    static abstract TVec Equal(TVec a, TVec b);
    static abstract TVec And(TVec a, TVec b);
    static abstract TVec Or(TVec a, TVec b);
    static abstract TVec Not(TVec a);
    static abstract TVec Select(TVec mask, TVec ifTrue, TVec ifFalse);

    /// <summary>The sign bit of each lane, lane 0 in bit 0.</summary>
    static abstract ulong Mask(TVec a);
}
