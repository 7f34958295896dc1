namespace Onboard.Kernels.Device;

/// <summary>One head's shape and thresholds for <see cref="DecodeKernels"/>, by value.</summary>
public struct DecodeParameters
{
    /// <summary>Anchors (YOLOv8, YOLOv5) or rows (end-to-end).</summary>
    public int Count;
    public int ClassCount;

    /// <summary>YOLOv5: values per anchor (5 + C, more with masks).</summary>
    public int Channels;

    /// <summary><see cref="Postprocess.ScoreThresholds"/>: the default, the lowest of all, and how many per-class ones the view holds.</summary>
    public float DefaultThreshold;
    public float MinimumThreshold;
    public int PerClassCount;
}
