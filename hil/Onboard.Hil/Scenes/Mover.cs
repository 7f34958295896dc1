using Onboard.Kernels.Geometry;

namespace Onboard.Hil.Scenes;

/// <summary>
/// One object of a generated tracking sequence: where its box is at time t (null: not in view), how far away it is
/// (the nearer of two overlapping objects hides the other), and when it is hidden behind something else.
/// </summary>
internal sealed class Mover(int id, int classId, Func<double, BoxF?> box)
{
    public int Id { get; } = id;
    public int ClassId { get; } = classId;
    public Func<double, BoxF?> Box { get; } = box;

    /// <summary>Distance from the camera at time t (arbitrary units; only compared).</summary>
    public Func<double, double> Depth { get; init; } = _ => 1;

    /// <summary>Hidden behind scenery at time t: only weak detections, or none.</summary>
    public Func<double, bool> Hidden { get; init; } = _ => false;
}
