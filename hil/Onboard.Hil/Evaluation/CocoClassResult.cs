namespace Onboard.Hil.Evaluation;

/// <summary>
/// One class's COCO result: AP at IoU 0.5 and averaged over 0.5:0.95 (101-point), precision and recall at IoU 0.5
/// over all its detections, the precision-recall curve at IoU 0.5 (precision at the 101 recall thresholds), and the
/// frames of its false positives and misses at IoU 0.5.
/// </summary>
public sealed record CocoClassResult(int ClassId, int Truths, int Detections, double Ap50, double Ap50To95, double Precision, double Recall,
    double[] PrecisionAtRecall, List<long> FalsePositiveFrames, List<long> MissFrames);
