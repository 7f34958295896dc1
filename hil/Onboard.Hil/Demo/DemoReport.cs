using Onboard.Hil.Evaluation;

namespace Onboard.Hil.Demo;

/// <summary>What a demo run achieved: frames through, accuracy against ground truth as received by the subscriber.</summary>
public sealed record DemoReport(long FramesCaptured, long FramesPublished, long FramesReceived, MatchResult Accuracy)
{
    /// <summary>Frames the pipeline dropped (each for a counted reason).</summary>
    public long Dropped { get; init; }

    /// <summary>Every published frame arrived, and nearly every sign was found.</summary>
    public bool Succeeded => FramesPublished > 0 && FramesReceived == FramesPublished && Accuracy.Recall >= 0.9;
}
