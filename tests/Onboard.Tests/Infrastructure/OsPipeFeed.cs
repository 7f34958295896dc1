using System.IO.Pipes;
using Onboard.Runtime.Frames.PipeIngest;
using Onboard.Runtime.Primitives;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A <see cref="PipeFrameSource"/> reading an anonymous OS pipe that the test writes to. Dispose closes the
/// writing end before the source: on Linux, disposing the reading end blocks for as long as the source's
/// thread is inside read() on it, so the reader has to see end-of-stream first — also when a test fails
/// with the stream still open.
/// </summary>
internal sealed class OsPipeFeed : IDisposable
{
    /// <summary>Opens the pipe and the source reading it; <paramref name="wrap"/>, if given, wraps the reading end
    /// before the source gets it (e.g. a probe).</summary>
    public OsPipeFeed(PipeFrameSourceOptions options, Func<Stream, Stream>? wrap = null)
    {
        Writer = new AnonymousPipeServerStream(PipeDirection.Out);
        Stream input = new AnonymousPipeClientStream(PipeDirection.In, Writer.ClientSafePipeHandle);
        Source = PipeFrameSource.FromStream(options, wrap is null ? input : wrap(input), MonotonicClock.System);
    }

    public AnonymousPipeServerStream Writer { get; }

    public PipeFrameSource Source { get; }

    public void Dispose()
    {
        Writer.Dispose();
        Source.Dispose();
    }
}
