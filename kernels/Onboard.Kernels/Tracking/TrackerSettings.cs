using System.Globalization;

namespace Onboard.Kernels.Tracking;

/// <summary>
/// ByteTrack's association settings with Ultralytics' <c>bytetrack.yaml</c> defaults (the buffer in seconds:
/// 1.0 s = its 30 frames at 30 fps), the motion model, the trajectory horizons, history length, capacities and
/// the optional ground camera. <see cref="Validate"/> names every bad field the way the config does.
/// </summary>
public sealed record TrackerSettings
{
    /// <summary>Ultralytics' <c>track_high_thresh</c>: detections scoring at least this are "high" (stage 1, new tracks).</summary>
    public double HighThreshold { get; init; } = 0.25;

    /// <summary>Ultralytics' <c>track_low_thresh</c>: detections in [low, high) are "low" (stage 2 only); below it, ignored.</summary>
    public double LowThreshold { get; init; } = 0.1;

    /// <summary><c>new_track_thresh</c>: an unmatched high detection starts a track only when it scores at least this.</summary>
    public double NewTrackThreshold { get; init; } = 0.25;

    /// <summary><c>match_thresh</c>: stage 1 pairs whose cost (1 − IoU, or 1 − IoU·score with <see cref="FuseScore"/>) exceeds this are not matched.</summary>
    public double MatchThreshold { get; init; } = 0.8;

    /// <summary>Stage 2's cost limit on plain 1 − IoU (fixed at 0.5 in ByteTrack).</summary>
    public double SecondMatchThreshold { get; init; } = 0.5;

    /// <summary>The limit for tentative tracks against the leftover high detections (fixed at 0.7 in ByteTrack).</summary>
    public double UnconfirmedMatchThreshold { get; init; } = 0.7;

    /// <summary><c>fuse_score</c>: stage 1 and the tentative stage weigh IoU by the detection's score.</summary>
    public bool FuseScore { get; init; } = true;

    /// <summary>A track unmatched for longer than this (seconds since its last update, at the capture time of the
    /// frame being tracked) is removed; until then a lost track can be re-found.</summary>
    public double BufferSeconds { get; init; } = 1.0;

    /// <summary>A tracked and a lost track whose boxes overlap more than this are duplicates; the younger goes (ByteTrack's 0.85).</summary>
    public double DuplicateIoU { get; init; } = 0.85;

    /// <summary>Let a track match detections of another class (off: a track keeps to its class). Flips are counted either way.</summary>
    public bool CrossClassMatching { get; init; }

    public MotionModel MotionModel { get; init; } = MotionModel.CenterWidthHeight;

    /// <summary>Seconds ahead at which each confirmed track's trajectory is predicted, each in (0, 10].</summary>
    public IReadOnlyList<double> Horizons { get; init; } = [0.5, 1, 2, 3];

    /// <summary>Observed positions kept per track for drawing tails.</summary>
    public int HistoryLength { get; init; } = 30;

    /// <summary>Live tracks (tentative, confirmed and lost) at most; a new track beyond it is refused and counted.</summary>
    public int MaxTracks { get; init; } = 256;

    /// <summary>Detections taken per frame, in the order given (best first from NMS); the rest are counted and ignored.</summary>
    public int MaxDetections { get; init; } = 300;

    /// <summary>Optional: project tracks onto the road.</summary>
    public GroundCamera? Ground { get; init; }

    public const int MaxHorizons = 16;
    public const int MaxCapacity = 4096;
    public const double MaxHorizonSeconds = 10;

    /// <summary>Every bad field (empty when the settings are usable), named as in the config.</summary>
    public List<SettingError> Validate()
    {
        var errors = new List<SettingError>();
        Unit(HighThreshold, "highThreshold");
        Unit(LowThreshold, "lowThreshold");
        Unit(NewTrackThreshold, "newTrackThreshold");
        Unit(MatchThreshold, "matchThreshold");
        Unit(SecondMatchThreshold, "secondMatchThreshold");
        Unit(UnconfirmedMatchThreshold, "unconfirmedMatchThreshold");
        Unit(DuplicateIoU, "duplicateIoU");
        if (HighThreshold < LowThreshold)
        {
            errors.Add(new SettingError("highThreshold", $"must be at least lowThreshold ({F(LowThreshold)}): the low band is [low, high) (got {F(HighThreshold)})"));
        }
        if (!(BufferSeconds >= 0) || !double.IsFinite(BufferSeconds))
        {
            errors.Add(new SettingError("bufferSeconds", $"must be a finite number of seconds, not negative (got {F(BufferSeconds)})"));
        }
        if (!Enum.IsDefined(MotionModel))
        {
            errors.Add(new SettingError("motionModel", $"unknown motion model {(int)MotionModel}"));
        }
        if (Horizons is null)
        {
            errors.Add(new SettingError("horizons", "must be a list of seconds"));
        }
        else
        {
            if (Horizons.Count > MaxHorizons)
            {
                errors.Add(new SettingError("horizons", $"at most {MaxHorizons} horizons (got {Horizons.Count})"));
            }
            for (int i = 0; i < Horizons.Count; i++)
            {
                if (!(Horizons[i] > 0 && Horizons[i] <= MaxHorizonSeconds))
                {
                    errors.Add(new SettingError($"horizons[{i}]", $"must be in (0, {F(MaxHorizonSeconds)}] seconds (got {F(Horizons[i])})"));
                }
            }
        }
        Count(HistoryLength, 0, 1000, "historyLength");
        Count(MaxTracks, 1, MaxCapacity, "maxTracks");
        Count(MaxDetections, 1, MaxCapacity, "maxDetections");
        Ground?.Validate("ground.", errors);
        return errors;

        void Unit(double v, string name)
        {
            if (!(v >= 0 && v <= 1))
            {
                errors.Add(new SettingError(name, $"must be in [0, 1] (got {F(v)})"));
            }
        }

        void Count(int v, int min, int max, string name)
        {
            if (v < min || v > max)
            {
                errors.Add(new SettingError(name, $"must be between {min} and {max} (got {v})"));
            }
        }
    }

    private static string F(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
