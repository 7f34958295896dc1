namespace Onboard.Hil.Replay;

/// <summary>How far a box corner (pixels) and a score may move before it counts as a difference; 0: exactly equal.</summary>
public sealed record CompareTolerance(double BoxPx = 0, double Score = 0);
