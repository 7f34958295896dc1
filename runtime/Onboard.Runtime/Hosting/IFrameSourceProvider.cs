using Onboard.Runtime.Config;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Hosting;

/// <summary>
/// Opens the sources of one configured <see cref="SourceKind"/> that the library does not open itself: the test rigs
/// register <see cref="SourceKind.Sim"/> this way (<c>Onboard.Hil.Sources.SimulatedSourceProvider</c>), so the
/// library needs no reference to them and an embedder can bring its own camera driver.
/// </summary>
public interface IFrameSourceProvider
{
    /// <summary>The kind this provider opens.</summary>
    SourceKind Kind { get; }

    /// <summary>Opens camera <paramref name="cameraId"/>'s source; called on the camera's ingest thread (at start and on every reconnect).</summary>
    IFrameSource Open(string cameraId, SourceConfig source, MonotonicClock clock);
}
