using Onboard.Kernels.Geometry;

namespace Onboard.Hil.Scenes;

/// <summary>A sign the generator drew: its class and exact geometric bounding box in source pixels.</summary>
public readonly record struct GroundTruth(int ClassId, BoxF Box);
