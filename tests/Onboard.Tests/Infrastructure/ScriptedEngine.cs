using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Pipeline;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A detection engine without a model: preprocessing validates the frame like the real one (through
/// <see cref="ImageView"/>) and inference can be held at a gate, or move a manual clock, so tests make a
/// stage "slow" deterministically instead of with timing. Each frame yields one detection.
/// </summary>
public sealed class ScriptedEngine : IDetectionEngine
{
    private readonly SemaphoreSlim? _gate;

    /// <param name="gated">Infer waits for <see cref="Release"/> once per frame.</param>
    public ScriptedEngine(bool gated = false)
    {
        _gate = gated ? new SemaphoreSlim(0) : null;
    }

    public EngineInfo Info { get; init; } = new()
    {
        ModelId = "scripted",
        Providers = new ProviderSelection("ScriptedExecutionProvider", []),
        Input = new ModelInput("images", [1, 3, 4, 4], Onboard.Kernels.TensorElementType.Float32, 4, 4),
    };

    /// <summary>What <see cref="Stats"/> reports: tests set it to see each value reach health.</summary>
    public EngineStats Stats { get; set; }

    /// <summary>Released each time inference starts on a frame.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    /// <summary>Inference moves this clock forward by <see cref="InferDuration"/> (a slow model without real time).</summary>
    public ManualTimeProvider? Clock { get; init; }
    public TimeSpan InferDuration { get; init; }

    public void Release(int frames = 1) => _gate?.Release(frames);

    public EngineInput CreateInput() => new ArrayInput();

    public ImageTransform Preprocess(scoped in ImageView frame, EngineInput input)
    {
        ((ArrayInput)input).Values[0] = frame.Data[0];
        return new ImageTransform(1, 1, 0, 0, frame.Width, frame.Height, frame.Width, frame.Height);
    }

    public void Infer(EngineInput input)
    {
        Entered.Release();
        _gate?.Wait();
        Clock?.Advance(InferDuration);
    }

    public int Postprocess(EngineInput input, in ImageTransform transform, Span<Detection> results)
    {
        results[0] = new Detection(new BoxF(1, 2, 3, 4), 0.9f, 0, 0);
        return 1;
    }

    public void Dispose() => _gate?.Dispose();

    private sealed class ArrayInput : EngineInput
    {
        public float[] Values { get; } = new float[16];
    }
}
