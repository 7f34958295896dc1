using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.Ffmpeg;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Frames;

/// <summary>The ffmpeg source and <c>onboard camera play</c>, on videos made here with the real ffmpeg.</summary>
public sealed class FfmpegSourceTests : IDisposable
{
    private const int W = 160, H = 120, Scenes = 12;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();
    private readonly byte[][] _scenes;

    public FfmpegSourceTests()
    {
        var generator = new SceneGenerator(new SceneOptions { Width = W, Height = H, Seed = 3 });
        _scenes = [.. Enumerable.Range(0, Scenes).Select(i => generator.Generate(i).Pixels)];
    }

    [Fact]
    public void TryAcquire_LosslessVideoOfGeneratedScenes_DecodesEveryFrameByteExact()
    {
        string video = LosslessSceneVideo();
        using var source = new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "scenes", Input = video }, MonotonicClock.System);
        Assert.Equal((W, H, 25.0), (source.Width, source.Height, source.Video.FramesPerSecond));

        int count = 0;
        while (source.TryAcquire(s_wait, out FrameLease? lease))
        {
            Assert.Equal((ulong)count, lease.Descriptor.Sequence);
            Assert.Equal((PixelFormat.Bgr24, W, H, W * 3), (lease.Descriptor.Format, lease.Descriptor.Width, lease.Descriptor.Height, lease.Descriptor.Stride));
            Assert.True(lease.Pixels.SequenceEqual(_scenes[count]), $"frame {count} differs from its scene");
            lease.Release();
            count++;
        }
        Assert.Equal(Scenes, count);
        Assert.True(source.Completed);
        Assert.Equal(0, source.Stats.RejectedTotal + source.Stats.DroppedTotal);
        Assert.Equal(4 * 40_000_000L, source.MediaTimeNs(4));
    }

    [Fact]
    public void TryAcquire_TestPatternScaledToNv12_EveryFrameAtTheRequestedSize()
    {
        string video = _dir.File("testsrc.mkv");
        RunFfmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-frames:v", "20", "-c:v", "ffv1", video);
        using var source = new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "nv12", Input = video, Format = PixelFormat.Nv12, Width = 96, Height = 64 }, MonotonicClock.System);

        var sizes = new List<int>();
        while (source.TryAcquire(s_wait, out FrameLease? lease))
        {
            sizes.Add(lease.Pixels.Length);
            Assert.Equal((96, 64, 96), (lease.View.Width, lease.View.Height, lease.View.Stride));
            lease.Release();
        }
        Assert.Equal(Enumerable.Repeat(96 * 64 * 3 / 2, 20), sizes);
        Assert.Null(source.LastError);
    }

    [Fact]
    public void Constructor_InputThatIsNotAVideo_ThrowsWithFfprobesReason()
    {
        string bogus = _dir.File("not-a-video.mkv");
        File.WriteAllText(bogus, "hello");
        var e = Assert.Throws<InvalidOperationException>(() => new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "bad", Input = bogus }, MonotonicClock.System));
        Assert.Contains("not-a-video.mkv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CameraPlay_LoopedVideoIntoARing_ConsumerReadsEachFrameOfItsScene()
    {
        string video = LosslessSceneVideo();
        string name = CameraProcess.UniqueName("play");
        using var producer = CameraProcess.Play(name, video, "--rate", "4", "--loop", "--slots", "16");
        using var consumer = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name) with { QueueCapacity = 32 }, MonotonicClock.System);
        for (int i = 0; i < 15; i++)
        {
            Assert.True(consumer.TryAcquire(s_wait, out FrameLease? lease), consumer.Stats.LastRejection);
            ulong sequence = lease.Descriptor.Sequence;
            bool equal = lease.Pixels.SequenceEqual(_scenes[(int)(sequence % Scenes)]);
            Assert.True(lease.IsIntact);
            lease.Release();
            Assert.True(equal, $"ring frame {sequence} is not scene {sequence % Scenes}");
        }
        Assert.Contains("fps=25 rate=4", producer.ReadyLine, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The scenes as a 25 fps FFV1 video (lossless, BGR kept as bgr0), so decoding must give them back exactly.</summary>
    private string LosslessSceneVideo()
    {
        string raw = _dir.File("scenes.bgr");
        using (var file = File.Create(raw))
        {
            foreach (byte[] scene in _scenes)
            {
                file.Write(scene);
            }
        }
        string video = _dir.File("scenes.mkv");
        RunFfmpeg("-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{W}x{H}", "-r", "25", "-i", raw, "-c:v", "ffv1", "-pix_fmt", "bgr0", video);
        return video;
    }

    private static void RunFfmpeg(params string[] arguments)
    {
        using var ffmpeg = new PeerProcess("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. arguments]);
        Assert.True(ffmpeg.WaitForExit(TimeSpan.FromSeconds(60)), "ffmpeg did not finish");
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.StandardError);
    }
}
