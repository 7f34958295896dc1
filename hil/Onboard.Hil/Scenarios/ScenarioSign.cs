namespace Onboard.Hil.Scenarios;

/// <summary>
/// A sign beside the road: its identity, class (<see cref="Models.Synthetic.SyntheticSignCatalog"/>), which side,
/// how far ahead it stands at t = 0 (metres along the road), its lateral offset from the camera, the height of its
/// centre above the road and its width (metres).
/// </summary>
public sealed record ScenarioSign(int Id, int ClassId, RoadSide Side, double DistanceM, double LateralM = 4, double HeightM = 1.6,
    double SizeM = 0.8);
