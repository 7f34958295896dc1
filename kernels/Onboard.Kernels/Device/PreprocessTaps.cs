using ILGPU;

namespace Onboard.Kernels.Device;

/// <summary>
/// The host resize plan's taps as device views: per visible column the two source columns and their weights,
/// per visible row the two source rows and theirs (OpenCV's coefficients, computed once on the host by
/// <c>ResizeTaps</c>), and the 3×256-entry value tables the float and half kernels read.
/// </summary>
public struct PreprocessTaps
{
    public ArrayView<int> X0;
    public ArrayView<int> X1;
    public ArrayView<int> WeightX0;
    public ArrayView<int> WeightX1;
    public ArrayView<int> Y0;
    public ArrayView<int> Y1;
    public ArrayView<int> WeightY0;
    public ArrayView<int> WeightY1;

    /// <summary>Per tensor channel c and 8-bit value v at <c>256·c + v</c>: the float32 (bits) or float16 (bits) element.</summary>
    public ArrayView<uint> Values;
}
