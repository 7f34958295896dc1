namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>The oracle cases against OpenCV 4.6, Debian's python3-opencv (one Python process per test).</summary>
public sealed class PreprocessOracleOpenCv46Tests : PreprocessOracleTests
{
    protected override IPreprocessOracle CreateOracle() => new OpenCvOracle();
}
