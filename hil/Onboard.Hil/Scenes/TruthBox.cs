using Onboard.Kernels.Geometry;

namespace Onboard.Hil.Scenes;

/// <summary>An object that is really there in a frame: its identity over the sequence, class and exact box.</summary>
public readonly record struct TruthBox(int Id, int ClassId, BoxF Box);
