using Microsoft.ML.OnnxRuntime;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

public sealed class SessionOptionsTests
{
    [Fact]
    public void Open_DeterministicComputeWithThreadsAndLevels_TwoSessionsGiveIdenticalBits()
    {
        using var dir = new TempDirectory();
        string path = TestModels.WriteCompute(dir, 64);
        var options = new InferenceOptions
        {
            ExecutionProviders = ["cpu"], DeterministicCompute = true, IntraOpThreads = 2, InterOpThreads = 1,
            OptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, CpuMemoryArena = false, MemoryPattern = false,
        };
        using var a = DetectorSession.Open(path, options);
        using var b = DetectorSession.Open(path, options);
        a.Input.Fill(0.25f);
        b.Input.Fill(0.25f);
        a.Run();
        b.Run();
        Assert.True(a.Output.SequenceEqual(b.Output));
    }

    [Fact]
    public void Open_OptimizedModelPath_SavesOnceThenLoadsTheSavedModelWithTheSameOutputs()
    {
        using var dir = new TempDirectory();
        string path = TestModels.WriteCompute(dir, 64);
        var options = new InferenceOptions { ExecutionProviders = ["cpu"], OptimizedModelPath = dir.File("compute.opt.onnx") };
        using var first = DetectorSession.Open(path, options);
        Assert.False(first.OptimizedModelLoaded);
        Assert.True(File.Exists(options.OptimizedModelPath));
        using var second = DetectorSession.Open(path, options);
        Assert.True(second.OptimizedModelLoaded);
        first.Input.Fill(0.5f);
        second.Input.Fill(0.5f);
        first.Run();
        second.Run();
        Assert.True(first.Output.SequenceEqual(second.Output));
    }

    [Fact]
    public void Open_OptimizedModelOfAnotherSource_IsNotLoaded()
    {
        using var dir = new TempDirectory();
        string opt = dir.File("shared.opt.onnx");
        using (DetectorSession.Open(TestModels.WriteCompute(dir, 64), new InferenceOptions { ExecutionProviders = ["cpu"], OptimizedModelPath = opt }))
        {
        }
        string other = TestModels.Write(dir, "other.onnx", Onboard.Models.Compute.YoloV8ComputeModel.Build(64, seed: 99));
        using var session = DetectorSession.Open(other, new InferenceOptions { ExecutionProviders = ["cpu"], OptimizedModelPath = opt });
        Assert.False(session.OptimizedModelLoaded);
    }

    [Fact]
    public void Open_WarmsUpAndReportsColdRunAndFirstFrameSeparately()
    {
        using var dir = new TempDirectory();
        var clock = new StepClock();
        using var session = DetectorSession.Open(TestModels.WriteCompute(dir, 64), new InferenceOptions { ExecutionProviders = ["cpu"], WarmupRuns = 3, Time = clock });
        Assert.Equal(3, session.WarmupRuns);
        Assert.True(session.ColdRunTime > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, session.FirstFrameTime);
        Assert.Equal(0, session.Runs);
        session.Run();
        Assert.True(session.FirstFrameTime > TimeSpan.Zero);
        Assert.Equal(1, session.Runs);
    }

    /// <summary>A clock that advances one millisecond per reading, so durations are deterministic and non-zero.</summary>
    private sealed class StepClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond);
    }
}
