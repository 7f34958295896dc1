using Onboard.Kernels.Postprocess;

namespace Onboard.Hil.Scenes;

/// <summary>One delivered frame of a tracking sequence: its capture time, the objects in it and what a detector reported.</summary>
public sealed class SequenceFrame(long captureNs, IReadOnlyList<TruthBox> truths, Detection[] detections)
{
    public long CaptureNs { get; } = captureNs;
    public IReadOnlyList<TruthBox> Truths { get; } = truths;
    public Detection[] Detections { get; } = detections;
}
