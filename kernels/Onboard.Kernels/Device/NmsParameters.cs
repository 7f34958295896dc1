namespace Onboard.Kernels.Device;

/// <summary>One suppression's settings for <see cref="NmsKernels"/>, by value.</summary>
public struct NmsParameters
{
    /// <summary>Candidates considered, best first (the rest are dropped and the drop counted).</summary>
    public int Cap;

    /// <summary>64-box blocks covering <see cref="Cap"/>: the bitmask's row length in 64-bit words.</summary>
    public int Blocks;

    public float IoUThreshold;

    /// <summary>1: a box suppresses boxes of any class; 0: only of its own.</summary>
    public int Agnostic;

    public int MaxDetections;
}
