using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Config;

/// <summary>
/// The engines of one run: a session per camera, except that the cameras of a batched model share one
/// <see cref="CameraBatcher"/> (opened with the first of them). Each camera's pipeline owns its engine; this
/// owns the batchers, so dispose it after the pipelines. Provider fallbacks and manifest warnings go to the log.
/// </summary>
public sealed class RunEngines(string workDirectory, MonotonicClock clock, TextWriter? log = null) : IDisposable
{
    private readonly Dictionary<string, CameraBatcher> _batchers = new(StringComparer.Ordinal);

    /// <summary>The batchers opened so far, by model name.</summary>
    public IReadOnlyDictionary<string, CameraBatcher> Batchers => _batchers;

    /// <summary>
    /// The engine for camera <paramref name="cameraId"/> on <paramref name="model"/> (with its <paramref name="shadow"/>
    /// model, if any, preempted by the primary's runs if <paramref name="preemptShadow"/>, its results queued for the
    /// publisher that owns <paramref name="publishSignal"/>), and the engine's cap on detections per frame.
    /// </summary>
    public IDetectionEngine Open(ModelConfig model, string cameraId, out int maxDetections, ModelConfig? shadow = null,
        bool preemptShadow = false, ManualResetEventSlim? publishSignal = null)
    {
        if (shadow is not null)
        {
            // The config refuses a shadow on a batched model: it runs on one camera's own preprocessed tensor.
            DetectorEngine shadowed = EngineLoader.Open(model, shadow, preemptShadow, cameraId,
                publishSignal ?? throw new ArgumentNullException(nameof(publishSignal)), workDirectory, log);
            maxDetections = shadowed.MaxDetections;
            return shadowed;
        }
        if (model.Batch is null)
        {
            DetectorEngine engine = EngineLoader.Open(model, workDirectory, log);
            maxDetections = engine.MaxDetections;
            return engine;
        }
        if (!_batchers.TryGetValue(model.Name, out CameraBatcher? batcher))
        {
            batcher = EngineLoader.OpenBatcher(model, workDirectory, clock, log);
            _batchers.Add(model.Name, batcher);
        }
        maxDetections = batcher.MaxDetections;
        return batcher.CreateEngine(cameraId);
    }

    public void Dispose()
    {
        foreach (CameraBatcher batcher in _batchers.Values)
        {
            batcher.Dispose();
        }
    }
}
