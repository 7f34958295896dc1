using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onboard.Models.Compute;
using Onboard.Runtime.Inference;

namespace Onboard.Bench.Inference;

/// <summary>
/// One inference of the realistic-compute network (YOLOv8n-sized, 8.7 GFLOPs) at 640×640 on the CPU provider,
/// three ways in one process on the same model and thread count:
/// ORT's own bound loop (<c>RunWithBinding</c> over preallocated OrtValues, nothing else: the floor),
/// Onboard's <see cref="DetectorSession.Run()"/> (the same plus our bookkeeping: must stay within 1 %), and
/// the naive <c>Run</c> with fresh collections every frame that peers ship. At 32×32 the run is short enough
/// that Onboard's absolute overhead per run (nanoseconds) is resolvable; at 640 it is the fraction of a real run.
/// </summary>
[MemoryDiagnoser]
public class InferenceRunBenchmark
{
    private string _dir = "";
    private DetectorSession _onboard = null!;
    private InferenceSession _ort = null!;
    private OrtIoBinding _binding = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _input = null!;
    private OrtValue _output = null!;
    private float[] _inputData = null!;

    /// <summary>ORT threads inside an operator; 1 keeps figures comparable on a shared machine.</summary>
    [Params(1)]
    public int Threads { get; set; }

    [Params(32, 640)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("onboard-bench-").FullName;
        string path = Path.Combine(_dir, "compute.onnx");
        File.WriteAllBytes(path, YoloV8ComputeModel.Build(Size).ToByteArray());
        _onboard = DetectorSession.Open(path, new InferenceOptions { ExecutionProviders = ["cpu"], IntraOpThreads = Threads, WarmupRuns = 3 });
        _onboard.Input.Fill(0.5f);

        using var options = new SessionOptions { IntraOpNumThreads = Threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _ort = new InferenceSession(path, options);
        _inputData = new float[3 * Size * Size];
        Array.Fill(_inputData, 0.5f);
        _input = OrtValue.CreateTensorValueFromMemory(_inputData, [1, 3, Size, Size]);
        _output = OrtValue.CreateTensorValueFromMemory(new float[84 * YoloV8ComputeModel.AnchorCount(Size)], [1, 84, YoloV8ComputeModel.AnchorCount(Size)]);
        _binding = _ort.CreateIoBinding();
        _binding.BindInput("images", _input);
        _binding.BindOutput("output0", _output);
        _runOptions = new RunOptions();
        for (int i = 0; i < 3; i++)
        {
            _ort.RunWithBinding(_runOptions, _binding);
        }
    }

    [Benchmark(Baseline = true, Description = "ORT bound run (RunWithBinding)")]
    public void OrtBound() => _ort.RunWithBinding(_runOptions, _binding);

    [Benchmark(Description = "Onboard DetectorSession.Run")]
    public void Onboard() => _onboard.Run();

    [Benchmark(Description = "naive Run, fresh collections")]
    public float Naive()
    {
        var tensor = new DenseTensor<float>(_inputData, [1, 3, Size, Size]);
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("images", tensor) };
        using var results = _ort.Run(inputs);
        return results[0].AsTensor<float>().GetValue(0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _ort.Dispose();
        _onboard.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
