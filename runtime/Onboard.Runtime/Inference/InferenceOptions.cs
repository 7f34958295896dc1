using Microsoft.ML.OnnxRuntime;
using Onboard.Models.Loading;

namespace Onboard.Runtime.Inference;

/// <summary>
/// How a <see cref="DetectorSession"/> is built: execution-provider chain and their options, ORT session
/// options, warm-up, and what a model must satisfy to be trusted. Defaults suit one camera on a vehicle.
/// </summary>
public sealed record InferenceOptions
{
    /// <summary>Providers to try, best first (<c>tensorrt</c>, <c>cuda</c>, <c>cpu</c>). A provider that is absent
    /// or fails to load is skipped with its reason recorded; without <c>cpu</c> in the chain there is no fallback.</summary>
    public IReadOnlyList<string> ExecutionProviders { get; init; } = ["tensorrt", "cuda", "cpu"];

    /// <summary>GPU ordinal for CUDA and TensorRT.</summary>
    public int DeviceId { get; init; }

    /// <summary>Let TensorRT build fp16 engines.</summary>
    public bool TensorRtFp16 { get; init; } = true;

    /// <summary>Where TensorRT caches built engines (building one takes minutes); null disables the cache.</summary>
    public string? TensorRtEngineCacheDirectory { get; init; }

    /// <summary>TensorRT builder workspace, bytes.</summary>
    public long TensorRtWorkspaceBytes { get; init; } = 1L << 30;

    /// <summary>CUDA arena limit, bytes; 0 = no limit.</summary>
    public long GpuMemoryLimitBytes { get; init; }

    /// <summary>CUDA arena growth: <c>kNextPowerOfTwo</c> (ORT default) or <c>kSameAsRequested</c> (tighter).</summary>
    public string ArenaExtendStrategy { get; init; } = "kSameAsRequested";

    /// <summary>Threads inside one operator; 0 lets ORT pick (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across independent operators (parallel execution mode only); 0 lets ORT pick.</summary>
    public int InterOpThreads { get; init; }

    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>When set: load this optimised model if it is newer than the source, else optimise and save it here.</summary>
    public string? OptimizedModelPath { get; init; }

    /// <summary>Ask kernels for deterministic algorithms (same input → same bits, run after run).</summary>
    public bool DeterministicCompute { get; init; }

    /// <summary>CPU memory arena: faster steady state, memory held between runs.</summary>
    public bool CpuMemoryArena { get; init; } = true;

    /// <summary>Reuse the first run's allocation plan for later runs (shapes are fixed here, so it always applies).</summary>
    public bool MemoryPattern { get; init; } = true;

    /// <summary>Runs on a zero input before the first real frame, so it does not pay for lazy initialisation.</summary>
    public int WarmupRuns { get; init; } = 2;

    /// <summary>Concrete input shape; overrides the manifest's and fixes the model's dynamic dimensions.</summary>
    public long[]? InputShape { get; init; }

    /// <summary>
    /// Images per run (axis 0 of the input and of every output); 0 keeps the manifest's (or <see cref="InputShape"/>'s).
    /// Above 1 the model needs a dynamic batch axis, or a fixed one of this size: each run then takes one
    /// image per batch index (<see cref="FrameDetector.Preprocess(in Kernels.Imaging.ImageView, InputSlot, int)"/>)
    /// and each image's detections are decoded from its own slice of the outputs.
    /// </summary>
    public int BatchSize { get; init; }

    public ModelLoadOptions Trust { get; init; } = new();

    /// <summary>Where provider fallbacks and manifest warnings are written (each provider reason once per process).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
