namespace Onboard.Runtime.Pipeline;

/// <summary>
/// One frame context's model input, made once by its engine (<see cref="IDetectionEngine.CreateInput"/>) and
/// opaque to the pipeline: the ingest thread preprocesses into it, the infer thread runs the model on it.
/// Each frame in flight has its own, which is what lets frame N+1 preprocess while frame N infers.
/// </summary>
public abstract class EngineInput
{
    /// <summary>
    /// Set by an engine whose runs are shared, in <see cref="IDetectionEngine.Infer"/>: when the run that carried
    /// this input started (monotonic ns, the pipeline's clock). A batch of several cameras' frames is one run,
    /// and each frame's infer stamp is that run, not the time its camera waited for the batch to fill.
    /// 0 (the default): the call to Infer was the run, and the pipeline times the call.
    /// </summary>
    public long RunStartNs { get; set; }

    /// <summary>When that run ended; see <see cref="RunStartNs"/>.</summary>
    public long RunEndNs { get; set; }

    /// <summary>The frame's sequence, set by the ingest thread with its preprocessing: an engine that hands the frame
    /// on (to a shadow model) tags it with this.</summary>
    public ulong Sequence { get; set; }
}
