using System.CommandLine;
using System.Runtime.InteropServices;
using Onboard.Hil.Cameras;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Primitives;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard camera sim|play</c>: camera producers for rigs and developers. Each writes frames into the
/// shared-memory ring of camera NAME (<c>/dev/shm/onboard-NAME</c>, descriptors on
/// <c>/dev/shm/onboard-NAME.sock</c>; <c>--ring</c>/<c>--socket</c> or ONBOARD_RING_DIR move them) until
/// SIGINT/SIGTERM or <c>--frames</c>, then removes both.
/// </summary>
internal static class CameraCommand
{
    public static Command Create() => new("camera", "Camera producers that feed a shared-memory frame ring")
    {
        CreateSim(),
        CreatePlay(),
    };

    private static Command CreateSim()
    {
        var defaults = new SimulatedCameraOptions { Name = "sim" };
        var name = new Option<string>("--name") { Description = "Camera name (ring /dev/shm/onboard-NAME)", Required = true };
        var fps = new Option<double>("--fps") { Description = "Frame rate", DefaultValueFactory = _ => defaults.FramesPerSecond };
        var width = new Option<int>("--width") { Description = "Frame width", DefaultValueFactory = _ => defaults.Width };
        var height = new Option<int>("--height") { Description = "Frame height", DefaultValueFactory = _ => defaults.Height };
        var format = new Option<string>("--format") { Description = "Pixel format: " + PixelFormatInfo.NameList, DefaultValueFactory = _ => "bgr24" };
        var seed = new Option<int>("--seed") { Description = "Scene generator seed", DefaultValueFactory = _ => defaults.Seed };
        var perScene = new Option<int>("--frames-per-scene") { Description = "Frames that show one scene", DefaultValueFactory = _ => defaults.FramesPerScene };
        var scenes = new Option<int>("--scenes") { Description = "Distinct scenes, shown in a cycle", DefaultValueFactory = _ => defaults.SceneCount };
        var (frames, slots, ring, socket) = RingOptions();
        var command = new Command("sim", "Synthetic scenes (deterministic per seed and sequence) into a ring at a fixed rate")
        {
            name, fps, width, height, format, seed, perScene, scenes, frames, slots, ring, socket,
        };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Name = parse.GetValue(name)!,
                FramesPerSecond = parse.GetValue(fps),
                Width = parse.GetValue(width),
                Height = parse.GetValue(height),
                Format = PixelFormatInfo.Parse(parse.GetValue(format)!),
                Seed = parse.GetValue(seed),
                FramesPerScene = parse.GetValue(perScene),
                SceneCount = parse.GetValue(scenes),
                FrameLimit = parse.GetValue(frames),
                SlotCount = parse.GetValue(slots),
                RingPath = parse.GetValue(ring),
                SocketPath = parse.GetValue(socket),
            };
            return RunUntilSignal(stop => new SimulatedCameraProducer(options, MonotonicClock.System).RunAsync(Console.Out, stop));
        });
        return command;
    }

    private static Command CreatePlay()
    {
        var file = new Argument<string>("FILE") { Description = "Video file (or any input ffmpeg opens)" };
        var name = new Option<string>("--name") { Description = "Camera name (ring /dev/shm/onboard-NAME)", Required = true };
        var rate = new Option<double>("--rate") { Description = "Playback speed: 1 = recorded timing (each frame's PTS for files; a constant rate for live inputs)", DefaultValueFactory = _ => 1.0 };
        var format = new Option<string>("--format") { Description = "Pixel format: bgr24 nv12 gray8 … (ffmpeg converts)", DefaultValueFactory = _ => "bgr24" };
        var width = new Option<int>("--width") { Description = "Scale to this width (0: the video's)" };
        var height = new Option<int>("--height") { Description = "Scale to this height (0: the video's)" };
        var loop = new Option<bool>("--loop") { Description = "Start over at the end" };
        var (frames, slots, ring, socket) = RingOptions();
        var command = new Command("play", "A video through ffmpeg into a ring, at its recorded timing")
        {
            file, name, rate, format, width, height, loop, frames, slots, ring, socket,
        };
        command.SetAction(parse =>
        {
            var options = new VideoCameraOptions
            {
                Name = parse.GetValue(name)!,
                Input = parse.GetValue(file)!,
                Rate = parse.GetValue(rate),
                Format = PixelFormatInfo.Parse(parse.GetValue(format)!),
                Width = parse.GetValue(width),
                Height = parse.GetValue(height),
                Loop = parse.GetValue(loop),
                FrameLimit = parse.GetValue(frames),
                SlotCount = parse.GetValue(slots),
                RingPath = parse.GetValue(ring),
                SocketPath = parse.GetValue(socket),
            };
            return RunUntilSignal(stop => Task.Run(() => new VideoCameraProducer(options, MonotonicClock.System).Run(Console.Out, stop), stop));
        });
        return command;
    }

    private static (Option<long> Frames, Option<int> Slots, Option<string?> Ring, Option<string?> Socket) RingOptions() => (
        new Option<long>("--frames") { Description = "Stop after this many frames (0: run until SIGINT/SIGTERM)" },
        new Option<int>("--slots") { Description = "Frame slots in the ring", DefaultValueFactory = _ => 4 },
        new Option<string?>("--ring") { Description = "Ring file path (default /dev/shm/onboard-NAME)" },
        new Option<string?>("--socket") { Description = "Descriptor socket path (default /dev/shm/onboard-NAME.sock)" });

    /// <summary>
    /// Runs a producer until it ends or SIGINT/SIGTERM arrives; a signal stops it cleanly (exit 0), so its
    /// ring and socket files are removed. The actions are synchronous on purpose: System.CommandLine handles
    /// SIGINT/SIGTERM itself for asynchronous actions (with its own timeout); here these two handlers are
    /// the only ones, so a signal always takes the producer's clean path.
    /// </summary>
    private static int RunUntilSignal(Func<CancellationToken, Task<long>> run)
    {
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        try
        {
            run(stop.Token).GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"camera: {e.Message}");
            return 2;
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
