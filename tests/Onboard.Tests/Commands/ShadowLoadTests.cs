using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Commands;

/// <summary><c>onboard run</c> with a shadow heavier than the frame period: the primary keeps every frame.</summary>
[Collection(AloneCollection.Name)]
public sealed class ShadowLoadTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_ShadowHeavierThanTheFramePeriod_PrimaryPublishesEveryFrameWhileTheShadowYields(bool preempt)
    {
        using var dir = new TempDirectory();
        // YOLOv8n's compute at the builtin detector's 640x640 input: one ORT thread needs longer than the 50 ms frame period.
        // The infer queue of 12 rides out a burst of machine load; a shadow that held the primary back (~10 fps of
        // the 20) would still overflow it within the 3 s run (a backlog of ~30 frames).
        TestModels.WriteCompute(dir, Onboard.Models.Synthetic.SyntheticSignDetector.DefaultInputSize);
        string file = dir.File("run.json");
        File.WriteAllText(file, $$"""
        {
          "publish": { "endpoint": "tcp://127.0.0.1:*" },
          "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1 }, "heavy": { "path": "compute-640.onnx", "warmupRuns": 1 } },
          "cameras": [ { "id": "front", "model": "signs", "shadow": { "model": "heavy", "preempt": {{(preempt ? "true" : "false")}} }, "deadlineMs": 5000, "inferQueue": 12,
                         "source": { "kind": "sim", "fps": 20 } } ]
        }
        """);

        using PeerProcess run = OnboardCli.Start("run", "--config", file, "--seconds", "3");

        Assert.True(run.WaitForExit(s_wait), "onboard run did not exit");
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardError}");
        Dictionary<string, long> summary = RunSummary.Read(run, s_wait);
        Assert.True(summary["published"] > 0);
        // Every frame is accounted for. On a quiet machine none is dropped; on a 2-core runner shared with other work
        // the primary may lose an odd frame to the machine's load, never a run of them to the shadow: at most 1 in 20.
        Assert.Equal(summary["in"], summary["published"] + summary["dropped"]);
        Assert.True(summary["dropped"] * 20 <= summary["in"], string.Join(' ', summary));
        Assert.Equal(summary["published"], summary["shadow-offered"]);
        Assert.Equal(summary["shadow-offered"], summary["shadow-skipped"] + summary["shadow-completed"] + summary["shadow-preempted"]);
        // The shadow cannot finish a frame before the next one comes. Preempted, it gives the cores back at every
        // primary run; left alone, it finishes the runs it starts and is passed over (skipped) for the frames meanwhile.
        if (preempt)
        {
            Assert.True(summary["shadow-preempted"] > 0, string.Join(' ', summary));
        }
        else
        {
            Assert.True(summary["shadow-completed"] > 0 && summary["shadow-skipped"] > 0 && summary["shadow-preempted"] == 0, string.Join(' ', summary));
        }
    }
}
