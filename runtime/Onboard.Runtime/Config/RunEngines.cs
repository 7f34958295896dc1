using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;

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
    /// publisher that owns <paramref name="publishSignal"/>). The engine's <see cref="IDetectionEngine.Info"/> carries the model's facts.
    /// </summary>
    public IDetectionEngine Open(ModelConfig model, string cameraId, ModelConfig? shadow = null,
        bool preemptShadow = false, ManualResetEventSlim? publishSignal = null)
    {
        if (shadow is not null)
        {
            // The config refuses a shadow on a batched model: it runs on one camera's own preprocessed tensor.
            return EngineLoader.Open(model, shadow, preemptShadow, cameraId,
                publishSignal ?? throw new ArgumentNullException(nameof(publishSignal)), workDirectory, log);
        }
        if (model.Batch is null)
        {
            return EngineLoader.Open(model, workDirectory, log);
        }
        if (!_batchers.TryGetValue(model.Name, out CameraBatcher? batcher))
        {
            batcher = EngineLoader.OpenBatcher(model, workDirectory, clock, log);
            _batchers.Add(model.Name, batcher);
        }
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
