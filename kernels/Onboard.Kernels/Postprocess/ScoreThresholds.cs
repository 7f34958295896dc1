namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Which scores make a candidate. A score passes when it is strictly above its threshold, as Ultralytics'
/// <c>conf_thres</c> and OpenCV's <c>NMSBoxes</c> compare; NaN never passes. One threshold for every class,
/// or one per class (classes past the end of the per-class list use the default).
/// </summary>
public readonly ref struct ScoreThresholds
{
    private readonly ReadOnlySpan<float> _perClass;

    public ScoreThresholds(float threshold)
    {
        ThrowHelper.ThrowIfNaN(threshold, nameof(threshold));
        Default = threshold;
        Minimum = threshold;
    }

    public ScoreThresholds(float defaultThreshold, ReadOnlySpan<float> perClass)
    {
        ThrowHelper.ThrowIfNaN(defaultThreshold, nameof(defaultThreshold));
        Default = defaultThreshold;
        _perClass = perClass;
        float min = defaultThreshold;
        for (int i = 0; i < perClass.Length; i++)
        {
            ThrowHelper.ThrowIfNaN(perClass[i], nameof(perClass));
            min = Math.Min(min, perClass[i]);
        }
        Minimum = min;
    }

    public float Default { get; }

    /// <summary>The lowest threshold of any class: decoders use it to skip anchors before finding their class.</summary>
    public float Minimum { get; }

    public bool HasPerClass => !_perClass.IsEmpty;

    public float For(int classId) => (uint)classId < (uint)_perClass.Length ? _perClass[classId] : Default;

    public bool Passes(float score, int classId) => score > For(classId);
}
