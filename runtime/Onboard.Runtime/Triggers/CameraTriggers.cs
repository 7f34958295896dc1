using System.Globalization;
using Onboard.Kernels.Postprocess;
using TriggerSuppression = Onboard.Runtime.Messaging.Contracts.TriggerSuppression;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// Every trigger rule of one camera, evaluated on one thread (the publish thread, which sees each frame's
/// detections, tracks, lateness and the shadow's results): conditions say when a rule fires, its gate whether the
/// firing may cut a clip, and the camera's one open <see cref="ClipWindow"/> takes every admitted firing — so
/// overlapping windows become one clip. Deterministic: driven only by the frames' capture times. A frame on which
/// nothing fires allocates nothing; a firing (rare) allocates its clip id and window.
/// </summary>
internal sealed class CameraTriggers
{
    /// <summary>Primary frames remembered for pairing with shadow results, which come a few frames later.</summary>
    private const int PrimaryHistory = 16;

    private readonly Rule[] _rules;
    private readonly TriggerFiring[] _firings;
    private readonly ulong[] _primarySequence = new ulong[PrimaryHistory];
    private readonly long[] _primaryMono = new long[PrimaryHistory];
    private readonly long[] _primaryUtc = new long[PrimaryHistory];
    private readonly int[] _primaryCount = new int[PrimaryHistory];
    private readonly Detection[] _primary;
    private readonly int _maxDetections;
    private readonly bool _pairsShadow;
    private int _firingCount;
    private int _clipsOpened;

    /// <param name="cameraId">The camera (its rules are those of <paramref name="rules"/> that apply to it).</param>
    /// <param name="rules">Every rule of the run config.</param>
    /// <param name="classNames">The primary model's class names by id.</param>
    /// <param name="maxDetections">The most detections a frame (primary or shadow) carries.</param>
    /// <param name="maxTracks">The tracker's track capacity (0: the camera does not track).</param>
    public CameraTriggers(string cameraId, IReadOnlyList<TriggerConfig> rules, IReadOnlyList<string> classNames, int maxDetections, int maxTracks)
    {
        ArgumentNullException.ThrowIfNull(rules);
        CameraId = cameraId;
        _maxDetections = maxDetections;
        var list = new List<Rule>();
        foreach (TriggerConfig r in rules)
        {
            if (r.AppliesTo(cameraId))
            {
                list.Add(new Rule(r, Create(r, cameraId, classNames, maxDetections, Math.Max(1, maxTracks)),
                    new TriggerGate(r.CooldownSeconds, r.MaxPerHour, r.MaxPerDay), new TriggerCounters()));
                _pairsShadow |= r.Kind == TriggerKind.ShadowDisagreement;
            }
        }
        _rules = [.. list];
        _firings = new TriggerFiring[_rules.Length];
        _primary = new Detection[_pairsShadow ? PrimaryHistory * maxDetections : 0];
    }

    public string CameraId { get; }

    public int RuleCount => _rules.Length;

    public TriggerConfig RuleAt(int index) => _rules[index].Config;

    public TriggerCounters CountersAt(int index) => _rules[index].Counters;

    /// <summary>The clip being collected now (null: none).</summary>
    public ClipWindow? Open { get; private set; }

    /// <summary>The firings of the last <see cref="OnFrame"/> or <see cref="OnShadow"/> call (publish each as a TriggerEvent).</summary>
    public ReadOnlySpan<TriggerFiring> Firings => _firings.AsSpan(0, _firingCount);

    /// <summary>Counters of the rule with <paramref name="triggerId"/> (null: no such rule on this camera).</summary>
    public TriggerCounters? Counters(string triggerId)
    {
        foreach (Rule r in _rules)
        {
            if (r.Config.Id == triggerId)
            {
                return r.Counters;
            }
        }
        return null;
    }

    /// <summary>
    /// A manual trigger for this camera, from any thread; it fires on the camera's next frame. Returns null when
    /// accepted, else why not (no manual rule on this camera, or one already waiting).
    /// </summary>
    public string? RequestManual(string? note)
    {
        foreach (Rule r in _rules)
        {
            if (r.Condition is ManualCondition manual)
            {
                return manual.Request(note ?? "") ? null : $"a manual trigger of camera {CameraId} is already waiting for the next frame";
            }
        }
        return $"camera {CameraId} has no trigger of kind manual in the run config";
    }

    /// <summary>Evaluates every rule on a primary frame; see <see cref="Firings"/>.</summary>
    public void OnFrame(in TriggerFrame frame)
    {
        _firingCount = 0;
        if (_pairsShadow)
        {
            Remember(frame);
        }
        for (int i = 0; i < _rules.Length; i++)
        {
            var measure = default(TriggerMeasure);
            if (_rules[i].Condition.OnFrame(frame, ref measure))
            {
                string note = _rules[i].Condition is ManualCondition m ? m.Note : "";
                Fire(_rules[i], frame.Sequence, frame.CaptureMonoNs, frame.CaptureUtcNs, measure, note);
            }
        }
    }

    /// <summary>
    /// Evaluates the shadowDisagreement rules on a shadow result, against the primary's detections of the same
    /// frame (a result whose primary frame is no longer remembered is skipped: nothing to compare).
    /// </summary>
    public void OnShadow(ulong sequence, ReadOnlySpan<Detection> shadow)
    {
        _firingCount = 0;
        if (!_pairsShadow)
        {
            return;
        }
        int slot = (int)(sequence % PrimaryHistory);
        if (_primarySequence[slot] != sequence || _primaryMono[slot] == 0)
        {
            return;
        }
        ReadOnlySpan<Detection> primary = _primary.AsSpan(slot * _maxDetections, _primaryCount[slot]);
        for (int i = 0; i < _rules.Length; i++)
        {
            var measure = default(TriggerMeasure);
            if (_rules[i].Condition.OnShadow(sequence, primary, shadow, ref measure))
            {
                Fire(_rules[i], sequence, _primaryMono[slot], _primaryUtc[slot], measure, "");
            }
        }
    }

    /// <summary>The open clip, once <paramref name="nowMonoNs"/> is past its end; the next firing opens a new one.</summary>
    public ClipWindow? TakeClosed(long nowMonoNs)
    {
        ClipWindow? open = Open;
        if (open is null || nowMonoNs <= open.EndMonoNs)
        {
            return null;
        }
        Open = null;
        return open;
    }

    private void Remember(in TriggerFrame frame)
    {
        int slot = (int)(frame.Sequence % PrimaryHistory);
        int n = Math.Min(frame.Detections.Length, _maxDetections);
        frame.Detections[..n].CopyTo(_primary.AsSpan(slot * _maxDetections, _maxDetections));
        _primaryCount[slot] = n;
        _primarySequence[slot] = frame.Sequence;
        _primaryMono[slot] = frame.CaptureMonoNs;
        _primaryUtc[slot] = frame.CaptureUtcNs;
    }

    private void Fire(Rule rule, ulong sequence, long monoNs, long utcNs, in TriggerMeasure measure, string note)
    {
        rule.Counters.OnFired();
        TriggerSuppression suppressed = rule.Gate.Decide(monoNs, out string? reason);
        if (suppressed == TriggerSuppression.Cooldown)
        {
            rule.Counters.OnCooldown();
        }
        else if (suppressed == TriggerSuppression.Budget)
        {
            rule.Counters.OnBudget();
        }
        TriggerConfig c = rule.Config;
        ClipWindow? window = Open;
        if (suppressed == TriggerSuppression.None)
        {
            long start = monoNs - (long)(c.PreSeconds * 1e9), end = monoNs + (long)(c.PostSeconds * 1e9);
            if (window is null)
            {
                window = Open = new ClipWindow(NewClipId(utcNs), CameraId) { StartMonoNs = start, EndMonoNs = end, Priority = c.Priority };
            }
            window.StartMonoNs = Math.Min(window.StartMonoNs, start);
            window.EndMonoNs = Math.Max(window.EndMonoNs, end);
            window.Priority = Math.Max(window.Priority, c.Priority);
            if (!window.TriggerIds.Contains(c.Id))
            {
                window.TriggerIds.Add(c.Id);
            }
        }
        var firing = new TriggerFiring
        {
            Rule = c,
            CameraId = CameraId,
            Sequence = sequence,
            CaptureMonoNs = monoNs,
            CaptureUtcNs = utcNs,
            Measure = measure,
            Suppressed = suppressed,
            Reason = reason,
            ClipId = suppressed == TriggerSuppression.None ? window!.ClipId : null,
            Note = note,
        };
        window?.Firings.Add(firing);
        _firings[_firingCount++] = firing;
    }

    /// <summary><c>&lt;camera&gt;-&lt;UTC of the firing, ms&gt;-&lt;n&gt;</c>: sortable by time, unique per camera and process.</summary>
    private string NewClipId(long utcNs) => string.Create(CultureInfo.InvariantCulture,
        $"{CameraId}-{DateTimeOffset.UnixEpoch.AddTicks(utcNs / 100):yyyyMMdd'T'HHmmss'.'fff'Z'}-{++_clipsOpened}");

    private static TriggerCondition Create(TriggerConfig r, string cameraId, IReadOnlyList<string> classNames, int maxDetections, int maxTracks) => r.Kind switch
    {
        TriggerKind.LowConfidence => new LowConfidenceCondition(r),
        TriggerKind.RareClass => new RareClassCondition(r, classNames),
        TriggerKind.ShadowDisagreement => new ShadowDisagreementCondition(r, maxDetections),
        TriggerKind.TrackFlicker => new TrackFlickerCondition(r, maxTracks),
        TriggerKind.ClassFlip => new ClassFlipCondition(r, maxTracks),
        TriggerKind.LateDetection => new LateDetectionCondition(r, maxTracks),
        TriggerKind.DeadlineMiss => new DeadlineMissCondition(r),
        TriggerKind.LatencySpike => new LatencySpikeCondition(r),
        TriggerKind.Manual => new ManualCondition(r),
        TriggerKind.Periodic => new PeriodicCondition(r, cameraId),
        _ => throw new ArgumentOutOfRangeException(nameof(r), r.Kind, "unknown trigger kind"),
    };

    private sealed record Rule(TriggerConfig Config, TriggerCondition Condition, TriggerGate Gate, TriggerCounters Counters);
}
