namespace Onboard.Hil.Scenarios;

public enum RoadSide
{
    Left,
    Right,
}
