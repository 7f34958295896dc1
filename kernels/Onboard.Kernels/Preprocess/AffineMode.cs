namespace Onboard.Kernels.Preprocess;

/// <summary>
/// How a vector width without a fused multiply-add (x64 limited to SSE/AVX) computes the tensor's
/// <c>v·a + b</c> and still equals <see cref="MathF.FusedMultiplyAdd"/>, the reference, bit for bit. The input
/// is an 8-bit value, so a formula checked against the reference for all 256 values per channel is exact for
/// every pixel; <see cref="TensorWriter.ChooseAffine"/> picks the cheapest one that passes.
/// </summary>
internal enum AffineMode
{
    /// <summary><see cref="MathF.FusedMultiplyAdd"/> itself (emulated lane by lane where not native): always exact.</summary>
    Fused,

    /// <summary><c>v·a</c> rounded, then <c>+ b</c> rounded: exact for most normalisations (e.g. b = 0).</summary>
    Separate,

    /// <summary>The product in double (exact), the sum rounded in double, then to float.</summary>
    Widened,
}
