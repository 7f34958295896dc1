namespace Onboard.Runtime.Pipeline;

/// <summary>
/// One frame context's model input, made once by its engine (<see cref="IDetectionEngine.CreateInput"/>) and
/// opaque to the pipeline: the ingest thread preprocesses into it, the infer thread runs the model on it.
/// Each frame in flight has its own, which is what lets frame N+1 preprocess while frame N infers.
/// </summary>
public abstract class EngineInput
{
}
