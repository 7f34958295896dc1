namespace Onboard.Hil.Evaluation;

/// <summary>One frame's fate for the report's timeline: end-to-end latency (ms; 0 when not meaningful), late, dropped.</summary>
public readonly record struct FrameTiming(string Camera, ulong Sequence, double TimeS, double EndToEndMs, bool Late, bool Dropped);
