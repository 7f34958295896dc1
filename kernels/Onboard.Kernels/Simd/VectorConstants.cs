namespace Onboard.Kernels.Simd;

/// <summary>
/// The registers a kernel's blocks share (broadcast coefficients, shuffle controls), made once per run by
/// <see cref="IVectorKernel.Prepare"/> and handed to every block, so they stay in registers instead of
/// being rebuilt each iteration (the JIT does not hoist a broadcast from a struct field out of the loop).
/// Each kernel's <c>Prepare</c> says what its slots hold.
/// </summary>
internal struct VectorConstants<TVec>
    where TVec : struct
{
    public TVec C0;
    public TVec C1;
    public TVec C2;
    public TVec C3;
    public TVec C4;
    public TVec C5;
    public TVec C6;
    public TVec C7;
    public TVec C8;
}
