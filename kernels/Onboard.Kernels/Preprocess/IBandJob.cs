namespace Onboard.Kernels.Preprocess;

/// <summary>Work split into bands that <see cref="BandWorkerPool"/> runs in parallel.</summary>
internal interface IBandJob
{
    void RunBand(int band, int bandCount);
}
