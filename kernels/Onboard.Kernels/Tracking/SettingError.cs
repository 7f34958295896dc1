namespace Onboard.Kernels.Tracking;

/// <summary>One bad tracker setting: its field as the config names it (e.g. <c>highThreshold</c>,
/// <c>ground.pitchDeg</c>, <c>horizons[2]</c>) and what is wrong with it.</summary>
public readonly record struct SettingError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
