using System.Diagnostics.CodeAnalysis;

namespace Onboard.Runtime.Frames;

/// <summary>Where a pipeline's frames come from: a shared-memory ring, a pipe, ffmpeg, a simulator.</summary>
public interface IFrameSource : IDisposable
{
    string Name { get; }

    /// <summary>Waits up to <paramref name="timeout"/> for the next frame; false when none came (a stall, counted by the caller).</summary>
    bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease);

    /// <summary>
    /// What happened to this source's frames (received, dropped and rejected by reason) and whether it is
    /// stalled; read from any thread by health and watchdog code. Sources that keep no counters report
    /// <see cref="FrameSourceStats.Unreported"/>.
    /// </summary>
    FrameSourceStats Stats => FrameSourceStats.Unreported;
}
