namespace Onboard.Runtime.Pipeline;

/// <summary>What <see cref="SourceWatchdog"/> tells the ingest thread to do.</summary>
internal enum WatchdogVerdict
{
    None,
    /// <summary>The camera just went silent for longer than the stall timeout: report it.</summary>
    Stalled,
    /// <summary>Still stalled and the reconnect interval passed: reopen the source.</summary>
    Reconnect,
    /// <summary>A frame arrived after a stall.</summary>
    Recovered,
}
