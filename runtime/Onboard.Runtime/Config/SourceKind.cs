namespace Onboard.Runtime.Config;

/// <summary>Where a camera's frames come from.</summary>
public enum SourceKind
{
    /// <summary>An in-process simulated camera (generated scenes).</summary>
    Sim,
    /// <summary>A shared-memory frame ring written by another process (e.g. <c>onboard camera sim</c>).</summary>
    Shm,
    /// <summary>Length-prefixed frames over stdin or a Unix socket.</summary>
    Pipe,
    /// <summary>A video file or stream decoded by an ffmpeg child process.</summary>
    Ffmpeg,
    /// <summary>A HIL scenario file (<c>path</c>), drawn in-process (hil/Onboard.Hil/Scenarios).</summary>
    Scenario,
}
