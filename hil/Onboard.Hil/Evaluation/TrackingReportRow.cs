namespace Onboard.Hil.Evaluation;

/// <summary>One tracker on one sequence.</summary>
public sealed record TrackingReportRow(string Sequence, string Tracker, MotSummary Metrics);
