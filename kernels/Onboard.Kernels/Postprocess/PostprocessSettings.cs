namespace Onboard.Kernels.Postprocess;

/// <summary>Candidate selection and suppression. Defaults are Ultralytics' predict defaults.</summary>
public sealed record PostprocessSettings
{
    /// <summary>A candidate's score must be strictly above this.</summary>
    public float ScoreThreshold { get; init; } = 0.25f;

    /// <summary>Optional per-class thresholds replacing <see cref="ScoreThreshold"/> for the classes they cover.</summary>
    public ReadOnlyMemory<float> ClassThresholds { get; init; }

    /// <summary>A box is suppressed when its IoU with a kept box is strictly above this.</summary>
    public float IoUThreshold { get; init; } = 0.7f;

    /// <summary>Candidates kept, best first, before NMS (Ultralytics' <c>max_nms</c>).</summary>
    public int MaxCandidates { get; init; } = 30_000;

    /// <summary>Detections kept after NMS (Ultralytics' <c>max_det</c>).</summary>
    public int MaxDetections { get; init; } = 300;

    /// <summary>Suppress across classes instead of within each class.</summary>
    public bool ClassAgnostic { get; init; }

    public SuppressionMode Suppression { get; init; } = SuppressionMode.Greedy;

    /// <summary>σ of Gaussian soft-NMS.</summary>
    public float SoftNmsSigma { get; init; } = SoftNms.DefaultSigma;

    /// <summary>Throws if a setting is out of range; called by the postprocessor that takes them.</summary>
    public void Validate()
    {
        if (float.IsNaN(ScoreThreshold) || float.IsNaN(IoUThreshold))
        {
            throw new ArgumentException("thresholds must be numbers");
        }
        if (MaxCandidates <= 0 || MaxDetections < 0)
        {
            throw new ArgumentException($"max candidates must be positive and max detections not negative, got {MaxCandidates} and {MaxDetections}");
        }
        if (Suppression == SuppressionMode.SoftGaussian && !(SoftNmsSigma > 0))
        {
            throw new ArgumentException($"soft-NMS sigma must be positive, got {SoftNmsSigma}");
        }
    }
}
