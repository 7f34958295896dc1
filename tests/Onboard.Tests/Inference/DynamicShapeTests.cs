using System.Security.Cryptography;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary>A real model with dynamic dimensions (PP-OCRv4 det: [?, 3, ?, ?]) runs once the shape is fixed.</summary>
public sealed class DynamicShapeTests : IDisposable
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1 };
    private readonly TempDirectory _dir = new();
    private readonly string _model;

    public DynamicShapeTests()
    {
        _model = _dir.File("ppocr-det.onnx");
        File.Copy(OnboardCli.PpOcrV4Detector(), _model);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_DynamicInputWithoutAShape_RefusedNamingInputShape()
    {
        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open(_model, s_cpu));
        Assert.Contains("input.shape: input 'x' is [?, 3, ?, ?] with dynamic dimensions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ManifestFixesTheShape_BindsTheProbedOutputAndRunsWithoutAllocating()
    {
        var manifest = new ModelManifest
        {
            Id = "ppocr-v4-det",
            Version = "4.0",
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_model))),
            Input = new InputSpec
            {
                Name = "x", Shape = [1, 3, 320, 256], ColorOrder = "bgr", Geometry = "stretch", PadValue = 0,
                Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f],
            },
            Output = new OutputSpec { Layout = "dbnet" },
        };
        File.WriteAllText(ModelManifest.PathFor(_model), ModelLoader.ToJson(manifest));
        using var session = DetectorSession.Open(_model, s_cpu);
        Assert.False(session.Model.ManifestInferred);
        Assert.Equal([1L, 3, 320, 256], session.InputShape);
        Assert.Equal([1L, 1, 320, 256], session.OutputShape);
        session.Input.Fill(0.1f);
        session.Run();
        Assert.Equal(0, Allocations.InSteadyState(() => session.Run(), warmup: 2, calls: 20));
    }

    [Fact]
    public void Open_InputShapeOption_OverridesAndFixesTheDynamicDimensions()
    {
        using var session = DetectorSession.Open(_model, s_cpu with { InputShape = [1, 3, 96, 160], WarmupRuns = 1 });
        Assert.Equal([1L, 1, 96, 160], session.OutputShape);
        Assert.Equal(96, session.InputHeight);
        Assert.Equal(160, session.InputWidth);
    }
}
