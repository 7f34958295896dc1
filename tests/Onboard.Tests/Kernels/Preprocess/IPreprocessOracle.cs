using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// An OpenCV doing the preprocessing steps users write (cvtColor → ROI → resize → copyMakeBorder / centre
/// window), case by case: <see cref="Add"/> queues a case, <see cref="Run"/> returns every expected H×W×3 BGR
/// image in order. One per OpenCV version, so <see cref="PreprocessOracleTests"/> runs one case list against each.
/// </summary>
public interface IPreprocessOracle : IDisposable
{
    /// <summary>Which OpenCV this is, for failure messages.</summary>
    string Name { get; }

    int Add(byte[] frame, PixelFormat format, int width, int height, int stride, in PreprocessOptions options);

    byte[][] Run();
}
