using System.Globalization;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Cameras;

/// <summary>
/// A simulated camera feeding a shared-memory ring: renders its scenes once (through
/// <see cref="SimulatedCamera"/>), converts them to the requested format, then writes one frame per period
/// into the ring. Frame content depends only on (seed, size, format, sequence), so a consumer can check
/// every byte. The period comes from a <see cref="PeriodicTimer"/> on the injected clock; a late tick
/// delays one frame rather than bursting to catch up, as a real camera would.
/// </summary>
public sealed class SimulatedCameraProducer(SimulatedCameraOptions options, MonotonicClock clock)
{
    /// <summary>Runs until <paramref name="stop"/> or the frame limit; returns the frames published.
    /// Writes a <c>ready …</c> line when consumers may connect and a <c>stopped …</c> line at the end.</summary>
    public async Task<long> RunAsync(TextWriter output, CancellationToken stop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FramesPerSecond, 0, nameof(options.FramesPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FramesPerScene, 1, nameof(options.FramesPerScene));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SceneCount, 1, nameof(options.SceneCount));
        if (FrameGeometry.Check(options.Format, options.Width, options.Height, PixelFormatInfo.MinStride(options.Format, options.Width), long.MaxValue, out _) is { } problem)
        {
            throw new ArgumentException($"{problem}: a simulated camera cannot deliver {options.Width}x{options.Height} {PixelFormatInfo.Name(options.Format)}");
        }

        byte[][] frames = RenderScenes();
        int stride = PixelFormatInfo.MinStride(options.Format, options.Width);
        using var producer = CameraRing.Start(options.Name, frames[0].Length, options.SlotCount, options.RingPath, options.SocketPath, clock);
        CameraRing.WriteReady(output, options.Name, producer, options.Format,
            string.Create(CultureInfo.InvariantCulture, $"size={options.Width}x{options.Height} fps={options.FramesPerSecond}"));

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.FramesPerSecond), clock.Time);
        try
        {
            for (ulong k = 0; options.FrameLimit == 0 || (long)k < options.FrameLimit; k++)
            {
                byte[] pixels = frames[options.SceneIndex(k)];
                producer.Publish(pixels, options.Format, options.Width, options.Height, stride, clock.NowNs, clock.UtcNowNs);
                if (!await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        CameraRing.WriteStopped(output, options.Name, producer);
        return producer.Published;
    }

    private byte[][] RenderScenes()
    {
        var generator = new SceneGenerator(new SceneOptions { Width = options.Width, Height = options.Height, Seed = options.Seed });
        var camera = new SimulatedCamera(generator, options.FramesPerScene);
        var frames = new byte[options.SceneCount][];
        for (int i = 0; i < frames.Length; i++)
        {
            Scene scene = camera.Capture((long)i * options.FramesPerScene);
            frames[i] = SceneFormatter.Convert(scene.Pixels, scene.Width, scene.Height, options.Format);
        }
        return frames;
    }
}
