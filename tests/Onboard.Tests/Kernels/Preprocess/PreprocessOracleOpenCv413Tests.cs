namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// The oracle cases against OpenCV 4.13 in this process (OpenCvSharp4's official linux-x64 build).
/// Measured: 0 LSB in every case, as against 4.6 — between 4.6 and 4.13 neither cvtColor's YUV→BGR
/// (20-bit BT.601 fixed point) nor resize's fixed-point LINEAR/AREA weights and rounding nor NEAREST's
/// source-index rule changed for these paths, so no case needs a per-version expectation.
/// </summary>
public sealed class PreprocessOracleOpenCv413Tests : PreprocessOracleTests
{
    protected override IPreprocessOracle CreateOracle() => new OpenCvSharpOracle();
}
