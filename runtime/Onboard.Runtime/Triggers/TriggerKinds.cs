namespace Onboard.Runtime.Triggers;

/// <summary>The config and wire names of <see cref="TriggerKind"/> (issue 12's contract: keep them exactly).</summary>
internal static class TriggerKinds
{
    private static readonly string[] s_names =
    [
        "lowConfidence", "rareClass", "shadowDisagreement", "trackFlicker", "classFlip",
        "lateDetection", "deadlineMiss", "latencySpike", "manual", "periodic",
    ];

    public static IReadOnlyList<string> Names => s_names;

    public static string Name(TriggerKind kind) => s_names[(int)kind];

    public static bool TryParse(string name, out TriggerKind kind)
    {
        int i = Array.IndexOf(s_names, name);
        kind = (TriggerKind)Math.Max(i, 0);
        return i >= 0;
    }
}
