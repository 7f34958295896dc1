using Onboard.Kernels.Geometry;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// A camera's shadow model as the pipeline runs it: a <see cref="ShadowDetector"/> fed by the camera's infer
/// thread (<see cref="DetectorEngine"/>), whose results go through <see cref="Results"/> to the publish thread
/// and out on <c>shadow/&lt;camera&gt;</c> under the shadow model's own id — never on <c>detections/</c>.
/// Owned by the camera's engine.
/// </summary>
internal sealed class CameraShadow : IDisposable
{
    /// <summary>Shadow results that may wait for the publish thread before the oldest is dropped.</summary>
    public const int QueueCapacity = 2;

    /// <summary>How long stopping waits for a shadow run in progress to finish before aborting it.</summary>
    private static readonly TimeSpan s_finishGrace = TimeSpan.FromSeconds(2);

    private readonly ShadowDetector _detector;

    /// <param name="session">The shadow's own session (input shape and type the primary's). Owned from here on.</param>
    /// <param name="cameraId">The camera whose frames it runs (its topic is <c>shadow/&lt;camera&gt;</c>).</param>
    /// <param name="modelId">The shadow model's id, put in its results' headers and in Health.</param>
    /// <param name="modelVersion">The shadow model's version, likewise.</param>
    /// <param name="classNames">Class names by class id, for its results.</param>
    /// <param name="settings">Thresholds; the shadow manifest's when null.</param>
    /// <param name="publishSignal">The publisher's signal, set when a result is queued (<c>PipelinePublisher.Signal</c>).</param>
    /// <param name="preempt">Abort a shadow run in progress whenever the primary starts one (see <see cref="Config.ShadowConfig"/>).</param>
    public CameraShadow(DetectorSession session, string cameraId, string modelId, string modelVersion,
        IReadOnlyList<string> classNames, DetectorSettings? settings, ManualResetEventSlim? publishSignal, bool preempt = false)
    {
        ModelId = modelId;
        ModelVersion = modelVersion;
        ClassNames = classNames;
        InputLength = session.InputTensor.Length;
        // The detector's own rule (config, else manifest), settled here so the results are sized for its cap.
        DetectorSettings effective = settings ?? DetectorSettings.From(session.Manifest.Thresholds);
        MaxDetections = effective.MaxDetections;
        Info = DetectorEngine.Describe(session, effective, new ModelIdentity(modelId, modelVersion) { ClassNames = classNames });
        Results = new ShadowResults(cameraId, MaxDetections, QueueCapacity, publishSignal);
        _detector = new ShadowDetector(session, Results, effective, preempt);
    }

    /// <summary>The shadow model's facts (its id and version on <c>shadow/&lt;camera&gt;</c> headers and in health).</summary>
    public EngineInfo Info { get; }

    public string ModelId { get; }
    public string ModelVersion { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int MaxDetections { get; }

    /// <summary>Elements of the shadow's input tensor: what the primary's preprocessed tensor must hold.</summary>
    public int InputLength { get; }

    internal ShadowResults Results { get; }

    /// <summary>Frames offered to the shadow: <see cref="Skipped"/> + <see cref="Completed"/> + <see cref="Preempted"/> + at most one running.</summary>
    public long Offered => _detector.Accepted + _detector.Skipped;
    public long Skipped => _detector.Skipped;
    public long Completed => _detector.Completed;
    public long Preempted => _detector.Preempted;

    /// <summary>
    /// <paramref name="stats"/> with this shadow's counters: outcomes read before offers, publishing before
    /// completions, so the snapshot never shows more outcomes than offers.
    /// </summary>
    public EngineStats AddTo(EngineStats stats)
    {
        long published = Results.Published;
        long dropped = Results.Dropped;
        long completed = Completed;
        long preempted = Preempted;
        long skipped = Skipped;
        return stats with
        {
            ShadowPublished = published,
            ShadowDropped = dropped,
            ShadowCompleted = completed,
            ShadowPreempted = preempted,
            ShadowSkipped = skipped,
            ShadowOffered = Offered,
        };
    }

    /// <summary>Infer thread, before the primary's run: a preempting shadow gives the cores back (no-op otherwise).</summary>
    public void YieldToPrimary() => _detector.YieldToPrimary();

    /// <summary>Infer thread, after the primary's run: offers the frame the primary just ran (copied; skipped if the shadow is busy).</summary>
    public void Offer(ReadOnlySpan<float> preprocessed, in ImageTransform transform, ulong sequence) =>
        _detector.Offer(preprocessed, transform, sequence);

    /// <summary>
    /// Infer thread, once the camera offers nothing more: lets the shadow's last run finish (aborting it after a
    /// grace period), then closes <see cref="Results"/> so the publisher can drain them and stop.
    /// </summary>
    public void Finish()
    {
        if (!_detector.WaitIdle(s_finishGrace))
        {
            _detector.Abort();
            _detector.WaitIdle(s_finishGrace);
        }
        Results.Close();
    }

    public void Dispose() => _detector.Dispose();
}
