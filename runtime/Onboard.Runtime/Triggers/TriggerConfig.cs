
namespace Onboard.Runtime.Triggers;

/// <summary>
/// One rule of <c>triggers</c>: what it watches (<see cref="Kind"/> and that kind's parameters; the others keep their
/// defaults and are refused in the config), where (<see cref="Cameras"/>, empty: all), the clip it cuts
/// (<see cref="PreSeconds"/> before the firing frame, <see cref="PostSeconds"/> after) and how often it may
/// (<see cref="CooldownSeconds"/>, <see cref="MaxPerHour"/>, <see cref="MaxPerDay"/>). <see cref="Priority"/> 0–9,
/// higher first: the spool evicts lower-priority clips first.
/// </summary>
public sealed record TriggerConfig
{
    public required string Id { get; init; }
    public required TriggerKind Kind { get; init; }
    public IReadOnlyList<string> Cameras { get; init; } = [];
    public double PreSeconds { get; init; } = 10;
    public double PostSeconds { get; init; } = 5;
    public double CooldownSeconds { get; init; } = 30;
    public int MaxPerHour { get; init; } = 10;
    public int MaxPerDay { get; init; } = 100;
    public int Priority { get; init; } = 5;

    // lowConfidence: a detection (or confirmed track) with min <= score < max on `frames` consecutive frames.
    public double Min { get; init; } = 0.3;
    public double Max { get; init; } = 0.5;

    /// <summary>lowConfidence, shadowDisagreement: consecutive frames the condition must hold.</summary>
    public int Frames { get; init; } = 3;

    // rareClass: a class named here, or one whose share of detections over windowSeconds is below belowFraction (0: off).
    public IReadOnlyList<string> Classes { get; init; } = [];
    public double BelowFraction { get; init; }

    /// <summary>rareClass, trackFlicker, deadlineMiss, latencySpike: the sliding window.</summary>
    public double WindowSeconds { get; init; } = 60;

    // shadowDisagreement: primary and shadow boxes match at IoU >= iou with the same class.
    public double Iou { get; init; } = 0.5;
    public int MinDifferences { get; init; } = 1;

    /// <summary>trackFlicker: times a confirmed track is lost and found again within windowSeconds.</summary>
    public int Times { get; init; } = 3;

    /// <summary>lateDetection: box height / image height when the track is first confirmed.</summary>
    public double MinHeightFraction { get; init; } = 0.2;

    /// <summary>deadlineMiss: late frames within windowSeconds.</summary>
    public int Count { get; init; } = 5;

    /// <summary>latencySpike: the infer p99 (ms) over windowSeconds that fires it.</summary>
    public double Ms { get; init; } = 100;

    // periodic: one clip every everySeconds (0: off), or each frame with this probability (seeded, 0: off).
    public double EverySeconds { get; init; }
    public double Probability { get; init; }
    public int Seed { get; init; } = 1;

    public bool AppliesTo(string camera)
    {
        if (Cameras.Count == 0)
        {
            return true;
        }
        foreach (string c in Cameras)
        {
            if (c == camera)
            {
                return true;
            }
        }
        return false;
    }
}
