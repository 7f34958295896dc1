using System.Diagnostics;
using Onboard.Bench.Pipeline;
using Onboard.Bench.Results;
using Onboard.Runtime.Config;
using Onboard.Runtime.Telemetry;

namespace Onboard.Bench.Report;

/// <summary>
/// The pipeline at 30 fps for the report, in this process (the widest vectors): <see cref="PipelineBenchmark"/>'s
/// pipelined camera — 1280×720 BGR24 frames into the shared-memory ring, the camera pipeline's threads, ZeroMQ
/// out — fed for a fixed time. It is a soak, not a micro-benchmark: its figures are percentiles, drops and costs
/// per frame, with no peer; GC counts and CPU time are the whole process's over the fed seconds.
/// </summary>
internal static class PipelineAt30Fps
{
    public static PipelineRun Run(int seconds)
    {
        var bench = new PipelineBenchmark { Model = ConfigReader.BuiltinSyntheticSigns, Shadow = "none" };
        bench.Setup();
        try
        {
            bench.Pipelined30Fps(); // one second of warm-up: the JIT and the ring's first frames
            CameraMetrics m = bench.PipelinedMetrics;
            long framesBefore = m.FramesIn, publishedBefore = m.FramesPublished, dropsBefore = m.TotalDrops, bytesBefore = bench.PipelinedAllocatedBytes;
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            using var process = Process.GetCurrentProcess();
            TimeSpan cpu = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            for (int s = 0; s < seconds; s++)
            {
                bench.Pipelined30Fps(); // 30 frames at 30 fps
            }
            wall.Stop();
            process.Refresh();
            double cpuPercent = 100 * (process.TotalProcessorTime - cpu).TotalSeconds / wall.Elapsed.TotalSeconds;
            long published = m.FramesPublished - publishedBefore;
            var stages = new List<StageRow>();
            for (int i = 0; i < CameraMetrics.Stages.Count; i++)
            {
                stages.Add(Row(CameraMetrics.Stages[i].ToString().ToLowerInvariant(), m.Stage(CameraMetrics.Stages[i])));
            }
            stages.Add(Row("end to end", m.EndToEnd));
            return new PipelineRun(
                "1 camera, 1280×720 BGR24 through the shared-memory ring, synthetic sign detector, ZeroMQ publish (percentiles over every frame, the warm-up second included)",
                30, wall.Elapsed.TotalSeconds, m.FramesIn - framesBefore, published, m.TotalDrops - dropsBefore,
                published > 0 ? (bench.PipelinedAllocatedBytes - bytesBefore) / published : 0,
                GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, cpuPercent, stages);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>Percentiles over the recorder's retained samples (the warm-up second included: at most 30 of them).</summary>
    private static StageRow Row(string stage, LatencyRecorder r) => new(stage, r.PercentileMs(50), r.PercentileMs(99), r.PercentileMs(99.9));
}
