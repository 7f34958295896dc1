using Microsoft.ML.OnnxRuntime;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;

namespace Onboard.Runtime.Inference;

/// <summary>
/// One ONNX Runtime session for a single-image-input model (one image per run, or <see cref="BatchSize"/> with
/// <see cref="InferenceOptions.BatchSize"/>), on the first execution provider of the
/// configured chain that can run it, with every input and output allocated once and bound through an
/// <see cref="OrtIoBinding"/>: <see cref="Run()"/> allocates nothing. The caller writes the preprocessed frame
/// into <see cref="Input"/> and reads <see cref="Output"/> (or <see cref="Outputs"/>). Opening it verifies the
/// model against its manifest (<see cref="ModelLoader"/>) and warms it up, so the first real frame is not
/// the one that pays for lazy initialisation.
/// </summary>
public sealed partial class DetectorSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private readonly BoundTensor _input;
    private readonly BoundTensor[] _outputs;
    private readonly TimeProvider _time;
    private long _runs;
    private volatile bool _terminating;

    public LoadedModel Model { get; }
    public ModelManifest Manifest => Model.Manifest;
    public string ModelPath => Model.Path;
    public ProviderSelection Providers { get; }

    /// <summary>The execution provider the session runs on (ORT's name).</summary>
    public string ExecutionProvider => Providers.Chosen;

    public string InputName => _input.Name;
    public string OutputName => _outputs[0].Name;
    public long[] InputShape => _input.Shape;
    public long[] OutputShape => _outputs[0].Shape;

    /// <summary>True for a model that takes the raw frame (uint8 NHWC, preprocessing composed into the graph).</summary>
    public bool TakesRawFrame => _input.ElementType == Kernels.TensorElementType.UInt8;

    /// <summary>Images per run: axis 0 of the input and of every output (<see cref="InferenceOptions.BatchSize"/>).</summary>
    public int BatchSize => (int)InputShape[0];

    public int InputHeight => (int)(TakesRawFrame || Model.Input.Layout == Kernels.Preprocess.TensorLayout.Nhwc ? InputShape[1] : InputShape[2]);
    public int InputWidth => (int)(TakesRawFrame || Model.Input.Layout == Kernels.Preprocess.TensorLayout.Nhwc ? InputShape[2] : InputShape[3]);

    /// <summary>The bound input tensor as float32 (NCHW for image models).</summary>
    public Span<float> Input => _input.Floats;

    /// <summary>The bound input, for models that take a raw uint8 frame.</summary>
    public Span<byte> InputBytes => _input.Bytes;

    internal BoundTensor InputTensor => _input;

    /// <summary>The first bound output as float32, valid after <see cref="Run()"/>.</summary>
    public ReadOnlySpan<float> Output => _outputs[0].Floats;

    internal IReadOnlyList<BoundTensor> Outputs => _outputs;

    /// <summary>The very first run (inside warm-up): lazy initialisation, allocation plans, cold caches.</summary>
    public TimeSpan ColdRunTime { get; private set; }

    /// <summary>The first <see cref="Run()"/> after warm-up, i.e. the first real frame; zero until it happens.</summary>
    public TimeSpan FirstFrameTime { get; private set; }

    public int WarmupRuns { get; private set; }

    /// <summary>True when the session loaded the saved optimised model instead of optimising the source.</summary>
    public bool OptimizedModelLoaded { get; private init; }

    /// <summary>Runs since warm-up.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Runs one inference on the bound tensors. Allocation-free in steady state.</summary>
    public void Run()
    {
        if (_runs == 0)
        {
            RunFirstFrame(_input, _binding, _outputs);
            return;
        }
        RunCore(_input, _binding, _outputs);
        _runs++;
    }

    /// <summary>
    /// A new input the caller owns, bound with the session's outputs (see <see cref="InputSlot"/>). Same
    /// shape and type as <see cref="InputTensor"/>.
    /// </summary>
    internal InputSlot CreateInputSlot() => CreateInputSlot(ownOutputs: false);

    /// <summary>
    /// A new input the caller owns. With <paramref name="ownOutputs"/> the slot also has outputs of its own
    /// (<see cref="InputSlot.Outputs"/>), so one run's results stay readable while another slot runs — what
    /// a batch shared by several cameras needs, as each camera decodes its image after the run at its own pace.
    /// </summary>
    internal InputSlot CreateInputSlot(bool ownOutputs)
    {
        var tensor = new BoundTensor(_input.Name, _input.Shape, _input.ElementType);
        BoundTensor[] outputs = _outputs;
        if (ownOutputs)
        {
            outputs = new BoundTensor[_outputs.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                outputs[i] = new BoundTensor(_outputs[i].Name, _outputs[i].Shape, _outputs[i].ElementType);
            }
        }
        OrtIoBinding binding = _session.CreateIoBinding();
        binding.BindInput(tensor.Name, tensor.Value);
        foreach (var o in outputs)
        {
            binding.BindOutput(o.Name, o.Value);
        }
        return new InputSlot(tensor, binding, outputs, ownOutputs);
    }

    /// <summary>Runs one inference on <paramref name="slot"/>'s input, into the session's outputs. Allocation-free.</summary>
    internal void Run(InputSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (_runs == 0)
        {
            RunFirstFrame(slot.Tensor, slot.Binding, slot.OutputTensors);
            return;
        }
        RunCore(slot.Tensor, slot.Binding, slot.OutputTensors);
        _runs++;
    }

    /// <summary>
    /// Like <see cref="Run()"/>, but returns false when <see cref="Terminate"/> aborted the run (a lower-priority
    /// session yielding the cores to the primary).
    /// </summary>
    public bool TryRun()
    {
        try
        {
            Run();
            return true;
        }
        catch (OnnxRuntimeException) when (_terminating)
        {
            return false;
        }
        finally
        {
            if (_terminating)
            {
                _terminating = false;
                _runOptions.Terminate = false;
            }
        }
    }

    /// <summary>Asks a run in progress on another thread to stop as soon as ORT checks (between operators).</summary>
    public void Terminate()
    {
        _terminating = true;
        _runOptions.Terminate = true;
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        foreach (var o in _outputs)
        {
            o.Dispose();
        }
        _runOptions.Dispose();
        _session.Dispose();
    }

    private void RunCore() => RunCore(_input, _binding, _outputs);

    private void RunCore(BoundTensor input, OrtIoBinding binding, BoundTensor[] outputs)
    {
        input.StageIn();
        _session.RunWithBinding(_runOptions, binding);
        foreach (var o in outputs)
        {
            o.StageOut();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RunFirstFrame(BoundTensor input, OrtIoBinding binding, BoundTensor[] outputs)
    {
        long t0 = _time.GetTimestamp();
        RunCore(input, binding, outputs);
        FirstFrameTime = _time.GetElapsedTime(t0);
        _runs++;
    }
}
