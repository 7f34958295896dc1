using Onboard.Kernels.Geometry;

namespace Onboard.Hil.Scenarios;

/// <summary>Where a scenario's sign is on one frame: its box in pixels, distance, and whether it is drawn, hidden or scored.</summary>
public readonly record struct SignPlacement(ScenarioSign Sign, BoxF Box, double DistanceM, bool Hidden, bool Ignore);
