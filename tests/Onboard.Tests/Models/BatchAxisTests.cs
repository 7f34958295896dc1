using Onboard.Models.Compute;
using Onboard.Models.Graph;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;
using Onnx;

namespace Onboard.Tests.Models;

/// <summary>The generated models with a fixed or dynamic batch axis: valid ONNX, and every op works per image.</summary>
public sealed class BatchAxisTests : IDisposable
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1 };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("synthetic")]
    [InlineData("compute")]
    public void Build_DynamicBatch_PassesTheOnnxCheckerWithASymbolicBatchOnInputAndOutput(string kind)
    {
        ModelProto model = kind == "synthetic"
            ? SyntheticSignDetector.Build(320, BatchAxis.Dynamic)
            : YoloV8ComputeModel.Build(TestModels.SmallComputeSize, batch: BatchAxis.Dynamic);
        string path = TestModels.Write(_dir, kind + ".onnx", model);

        using var checker = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("onnx_check.py"), path);
        string? line = checker.ReadLine(TimeSpan.FromSeconds(120));

        Assert.True(line is not null, checker.StandardError);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        System.Text.Json.JsonElement input = json.RootElement.GetProperty("inputs").GetProperty("images");
        System.Text.Json.JsonElement output = json.RootElement.GetProperty("outputs").GetProperty("output0");
        Assert.Equal("d0", input[0].GetString());
        // Shape inference carries the batch through every op to the head.
        Assert.Equal("d0", output[0].GetString());
        Assert.Equal(3, output.GetArrayLength());
    }

    [Fact]
    public void Build_FixedBatchOfTwo_DeclaresTwoOnInputAndOutput()
    {
        ModelProto model = SyntheticSignDetector.Build(320, batch: 2);

        Assert.Equal(2, model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimValue);
        Assert.Equal(2, model.Graph.Output[0].Type.TensorType.Shape.Dim[0].DimValue);
    }

    [Fact]
    public void Build_BatchZero_RefusedAsNeitherASizeNorDynamic()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => YoloV8ComputeModel.Build(64, batch: 0));
    }

    [Fact]
    public void Run_ComputeModelAtBatchThree_EachImagesOutputEqualsItsRunAlone()
    {
        string path = TestModels.Write(_dir, "compute.onnx", YoloV8ComputeModel.Build(TestModels.SmallComputeSize, batch: BatchAxis.Dynamic));
        using var single = DetectorSession.Open(path, s_cpu);
        using var batched = DetectorSession.Open(path, s_cpu with { BatchSize = 3 });
        using InputSlot slot = batched.CreateInputSlot(ownOutputs: true);
        var random = new Random(31);
        for (int i = 0; i < slot.Floats.Length; i++)
        {
            slot.Floats[i] = (float)random.NextDouble();
        }

        batched.Run(slot);

        ReadOnlySpan<float> all = slot.Outputs[0].Floats;
        int perImage = all.Length / 3;
        for (int i = 0; i < 3; i++)
        {
            slot.ImageFloats(i).CopyTo(single.Input);
            single.Run();
            ReadOnlySpan<float> alone = single.Output;
            ReadOnlySpan<float> together = all.Slice(i * perImage, perImage);
            Assert.Equal(alone.Length, together.Length);
            float worst = 0;
            for (int k = 0; k < alone.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(alone[k] - together[k]) / Math.Max(1f, Math.Abs(alone[k])));
            }
            Assert.True(worst < 1e-4f, $"image {i}: relative difference {worst}");
        }
    }
}
