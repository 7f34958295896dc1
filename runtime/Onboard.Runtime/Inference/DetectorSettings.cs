using Onboard.Models.Manifests;

namespace Onboard.Runtime.Inference;

/// <summary>Postprocessing thresholds. Defaults are Ultralytics' predict defaults; a manifest's thresholds override them.</summary>
public sealed record DetectorSettings
{
    public float ScoreThreshold { get; init; } = 0.25f;
    public float IoUThreshold { get; init; } = 0.7f;
    public int MaxDetections { get; init; } = 300;
    public bool ClassAgnostic { get; init; }

    public static DetectorSettings From(Thresholds thresholds) => new()
    {
        ScoreThreshold = thresholds.Score,
        IoUThreshold = thresholds.Iou,
        MaxDetections = thresholds.MaxDetections,
    };
}
