using Microsoft.ML.OnnxRuntime;
using Onboard.Models.Loading;

namespace Onboard.Runtime.Inference;

/// <summary>
/// One ONNX Runtime session for a single-input, single-output detector, with the input and output tensors
/// allocated once and bound through an <see cref="OrtIoBinding"/>: <see cref="Run"/> allocates nothing.
/// The caller writes the preprocessed frame into <see cref="Input"/> and reads <see cref="Output"/>.
/// </summary>
public sealed class DetectorSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly float[] _input;
    private readonly float[] _output;

    private DetectorSession(string path, InferenceSession session)
    {
        ModelPath = path;
        _session = session;
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count < 1)
        {
            throw new ModelLoadException(path, $"expected one input and at least one output, found {session.InputMetadata.Count} and {session.OutputMetadata.Count}");
        }
        var (inputName, inputMeta) = session.InputMetadata.First();
        var (outputName, outputMeta) = session.OutputMetadata.First();
        InputName = inputName;
        OutputName = outputName;
        InputShape = StaticShape(path, inputName, inputMeta.Dimensions);
        OutputShape = StaticShape(path, outputName, outputMeta.Dimensions);
        if (InputShape.Length != 4 || InputShape[0] != 1 || InputShape[1] != 3)
        {
            throw new ModelLoadException(path, $"input '{inputName}' has shape [{string.Join(", ", InputShape)}], expected [1, 3, H, W]");
        }
        _input = new float[InputShape.Aggregate(1L, (a, b) => a * b)];
        _output = new float[OutputShape.Aggregate(1L, (a, b) => a * b)];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, InputShape);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, OutputShape);
        _binding = session.CreateIoBinding();
        _binding.BindInput(InputName, _inputValue);
        _binding.BindOutput(OutputName, _outputValue);
        _runOptions = new RunOptions();
    }

    public string ModelPath { get; }
    public string InputName { get; }
    public string OutputName { get; }
    public long[] InputShape { get; }
    public long[] OutputShape { get; }
    public int InputHeight => (int)InputShape[2];
    public int InputWidth => (int)InputShape[3];

    /// <summary>The execution provider the session runs on.</summary>
    public string ExecutionProvider => "CPUExecutionProvider";

    /// <summary>The bound input tensor, NCHW float.</summary>
    public Span<float> Input => _input;

    /// <summary>The bound output tensor, valid after <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> Output => _output;

    /// <summary>Opens <paramref name="path"/> on the CPU execution provider. Throws <see cref="ModelLoadException"/>
    /// naming the file and the problem when the file is missing, truncated, corrupt or of the wrong shape.</summary>
    public static DetectorSession Open(string path, int intraOpThreads = 0)
    {
        // Our own structural check first: it names what is wrong where ORT only says "parsing failed".
        _ = OnnxModelReader.Read(path);
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            return new DetectorSession(path, new InferenceSession(path, options));
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(path, "ONNX Runtime refused it: " + e.Message, e);
        }
        finally
        {
            options.Dispose();
        }
    }

    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    private static long[] StaticShape(string path, string name, int[] dims)
    {
        var shape = new long[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] <= 0)
            {
                throw new ModelLoadException(path, $"'{name}' has a dynamic dimension {i}; this session binds fixed shapes");
            }
            shape[i] = dims[i];
        }
        return shape;
    }
}
