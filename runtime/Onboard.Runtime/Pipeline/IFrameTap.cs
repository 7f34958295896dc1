using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// Sees each frame's pixels on the camera's ingest thread while the lease is held (the clip recorder copies them
/// for encoding on its own thread). It must not block, and should only copy: every microsecond here delays the frame.
/// </summary>
internal interface IFrameTap
{
    void OnPixels(scoped in ImageView view, ulong sequence, long captureMonoNs, long captureUtcNs);
}
