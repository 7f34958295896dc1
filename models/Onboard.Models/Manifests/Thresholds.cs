namespace Onboard.Models.Manifests;

/// <summary>Default postprocessing thresholds the model was validated with.</summary>
public sealed record Thresholds
{
    public float Score { get; init; } = 0.25f;
    public float Iou { get; init; } = 0.7f;
    public int MaxDetections { get; init; } = 300;
}
