namespace Onboard.Hil.Scenarios;

/// <summary>
/// One injected long-tail event: what, when (seconds from the scenario's start, end exclusive), how strong, and
/// for the sign-bound kinds which sign. It is ground truth too: the trigger evaluation asks whether it was caught.
/// </summary>
public sealed record ScenarioEvent(PerturbationKind Kind, double StartS, double EndS, double Strength = 0.5, int SignId = -1,
    double RevealDistanceM = 15)
{
    /// <summary>The JSON name of the kind (<c>motion_blur</c>), also the event's name on the ground-truth channel.</summary>
    public string Name => ScenarioReader.KindName(Kind);

    public bool ActiveAt(double t) => t >= StartS && t < EndS;
}
