using Microsoft.ML.OnnxRuntime;
using Onboard.Kernels;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using Onboard.Kernels.Postprocess;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// An ONNX Runtime session over any model, with one float input of any shape, for tests whose models
/// DetectorSession does not take (several outputs, dynamic shapes). Outputs come back copied into arrays.
/// </summary>
public sealed class OrtModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;

    public OrtModel(byte[] model)
    {
        _options = new SessionOptions { IntraOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        _session = new InferenceSession(model, _options);
    }

    public OrtModel(string path)
        : this(File.ReadAllBytes(path))
    {
    }

    public string InputName => _session.InputNames[0];

    /// <summary>The outputs as the layout recogniser sees them: names, shapes (−1 dynamic), element types.</summary>
    public IReadOnlyList<OutputTensorInfo> Outputs =>
        [.. _session.OutputNames.Select(name =>
        {
            NodeMetadata m = _session.OutputMetadata[name];
            TensorElementType kind = m.ElementDataType switch
            {
                OrtElementType.Float => TensorElementType.Float32,
                OrtElementType.Int32 => TensorElementType.Int32,
                OrtElementType.Int64 => TensorElementType.Int64,
                _ => TensorElementType.Other,
            };
            return new OutputTensorInfo(name, [.. m.Dimensions.Select(d => (long)d)], kind);
        })];

    public Output[] Run(float[] input, params long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [InputName], [value], _session.OutputNames);
        var outputs = new Output[results.Count];
        for (int i = 0; i < results.Count; i++)
        {
            OrtValue r = results[i];
            OrtTensorTypeAndShapeInfo info = r.GetTensorTypeAndShape();
            outputs[i] = info.ElementDataType switch
            {
                OrtElementType.Float => new Output(info.Shape, r.GetTensorDataAsSpan<float>().ToArray(), null, null),
                OrtElementType.Int32 => new Output(info.Shape, null, r.GetTensorDataAsSpan<int>().ToArray(), null),
                OrtElementType.Int64 => new Output(info.Shape, null, null, r.GetTensorDataAsSpan<long>().ToArray()),
                _ => throw new NotSupportedException($"output {i} is {info.ElementDataType}"),
            };
        }
        return outputs;
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    /// <summary>One output: its shape and its data in whichever array matches its element type.</summary>
    public sealed record Output(long[] Shape, float[]? Floats, int[]? Ints, long[]? Longs);
}
