using Onboard.Hil.Cameras;
using Onboard.Hil.Scenes;
using Onboard.Runtime.Primitives;

namespace Onboard.Bench.Pipeline;

/// <summary>What the pipeline benchmarks feed their cameras: pre-rendered scenes, published at a fixed rate on the real clock.</summary>
internal static class CameraFeed
{
    /// <summary><paramref name="count"/> frames of the simulated camera with scene seed <paramref name="seed"/>, rendered before timing starts.</summary>
    public static Scene[] Scenes(int seed, int count)
    {
        var camera = new SimulatedCamera(new SceneGenerator(new SceneOptions { Seed = seed }), 6);
        return [.. Enumerable.Range(0, count).Select(k => camera.Capture(k))];
    }

    /// <summary>Sleeps until frame <paramref name="k"/>'s capture time (<paramref name="startNs"/> + k / fps); returns the clock then.</summary>
    public static long WaitForFrame(MonotonicClock clock, long startNs, int k, double fps)
    {
        long due = startNs + (long)(k * 1e9 / fps);
        long wait = due - clock.NowNs;
        if (wait > 1_000_000)
        {
            Thread.Sleep(TimeSpan.FromTicks(wait / 100));
        }
        return clock.NowNs;
    }
}
