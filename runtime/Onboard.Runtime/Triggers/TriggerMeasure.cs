namespace Onboard.Runtime.Triggers;

/// <summary>
/// The values that made a rule fire (at most three, named by constant strings so a firing allocates nothing
/// until it is published), and the track it is about (0: none).
/// </summary>
internal struct TriggerMeasure
{
    public string? Name0, Name1, Name2;
    public double Value0, Value1, Value2;
    public ulong TrackId;

    public TriggerMeasure(string name0, double value0, string? name1 = null, double value1 = 0, string? name2 = null, double value2 = 0)
    {
        Name0 = name0;
        Value0 = value0;
        Name1 = name1;
        Value1 = value1;
        Name2 = name2;
        Value2 = value2;
        TrackId = 0;
    }

    public readonly int Count => Name2 is not null ? 3 : Name1 is not null ? 2 : Name0 is not null ? 1 : 0;

    public readonly (string Name, double Value) this[int index] => index switch
    {
        0 => (Name0!, Value0),
        1 => (Name1!, Value1),
        _ => (Name2!, Value2),
    };
}
