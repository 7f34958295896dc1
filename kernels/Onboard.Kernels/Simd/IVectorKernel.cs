namespace Onboard.Kernels.Simd;

/// <summary>
/// An element-wise row kernel for <see cref="VectorLoop"/>: a struct holding its pointers and constants, with
/// one vector body written once over <see cref="IVectorOps{TVec}"/> and the scalar reference for one element.
/// Every output element must depend only on the inputs (never on other outputs), so computing an element
/// twice is harmless: that is what lets the loop finish with one block overlapping the one before.
/// </summary>
internal interface IVectorKernel
{
    /// <summary>Elements one block covers, given the width's 32-bit lane count (e.g. 4× for byte inputs).</summary>
    static abstract int BlockSize(int lanes);

    /// <summary>The registers every block of one run shares.</summary>
    void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>;

    /// <summary>Elements <c>[i, i + BlockSize)</c>, all inside the run.</summary>
    void Block<TVec, TOps>(nint i, in VectorConstants<TVec> constants)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>;

    /// <summary>Element <paramref name="i"/> alone: the reference every width is tested against.</summary>
    void Scalar(int i);
}
