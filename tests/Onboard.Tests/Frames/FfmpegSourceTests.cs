using System.Globalization;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.Ffmpeg;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Primitives;
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
        Assert.Contains("fps=25 rate=4 timing=pts", producer.ReadyLine, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAcquire_VariableRateVideo_DeliversEachFrameOnceAtItsPresentationTime()
    {
        string video = VariableRateVideo();
        long[] expected = DecodedFramePtsNs(video);
        using var source = new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "vfr", Input = video, Format = PixelFormat.I420 }, MonotonicClock.System);
        Assert.Equal((FrameTiming.Pts, VfrFrames), (source.Timeline.Timing, source.Timeline.ProbedFrames));

        int count = 0;
        while (source.TryAcquire(s_wait, out FrameLease? lease))
        {
            ulong sequence = lease.Descriptor.Sequence;
            int luma = lease.Pixels[0];
            lease.Release();
            Assert.Equal((ulong)count, sequence);
            Assert.InRange(luma, VfrLuma(count) - 3, VfrLuma(count) + 3);
            Assert.InRange(source.MediaTimeNs(sequence), expected[count] - 1000, expected[count] + 1000);
            count++;
        }
        // Constant-rate resampling at the nominal 25 fps would have duplicated frames into the gaps.
        Assert.Equal(expected.Length, count);
        Assert.Equal(VfrFrames, count);
        Assert.Equal((0L, 0L, 0L), (source.ExtrapolatedFrames, source.MissingFrames, source.Stats.DroppedTotal));
        Assert.Null(source.LastError);
    }

    [Fact]
    public void TryAcquire_VariableRateVideoPaced_CaptureTimesAreThePtsScaledByTheRate()
    {
        string video = VariableRateVideo();
        long[] expected = DecodedFramePtsNs(video);
        // A clock that never moves: each capture time is the release schedule itself, not when the thread woke.
        var clock = new MonotonicClock(new ManualTimeProvider());
        using var source = new FfmpegFrameSource(new FfmpegFrameSourceOptions
        {
            Name = "vfr-paced",
            Input = video,
            Format = PixelFormat.Gray8,
            Rate = 20,
            Backpressure = IngestBackpressure.Block,
        }, clock);

        var captures = new List<long>();
        while (source.TryAcquire(s_wait, out FrameLease? lease))
        {
            captures.Add(lease.Descriptor.CaptureMonoNs);
            lease.Release();
        }
        Assert.Equal(expected.Length, captures.Count);
        for (int k = 0; k < captures.Count; k++)
        {
            Assert.InRange(captures[k] - captures[0], (expected[k] - 1000) / 20, (expected[k] + 1000) / 20);
        }
    }

    [Fact]
    public void TryAcquire_LoopedVariableRateVideo_EachPassStartsOneIntervalAfterThePreviousLastFrame()
    {
        string video = VariableRateVideo();
        long[] expected = DecodedFramePtsNs(video);
        using var source = new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "vfr-loop", Input = video, Format = PixelFormat.I420, Loop = true }, MonotonicClock.System);
        long passNs = expected[^1] + source.Timeline.IntervalNs;
        Assert.Equal(expected[^1] / (VfrFrames - 1), source.Timeline.IntervalNs, tolerance: 1000);

        for (int k = 0; k < 2 * VfrFrames + 5; k++)
        {
            Assert.True(source.TryAcquire(s_wait, out FrameLease? lease), source.LastError);
            ulong sequence = lease.Descriptor.Sequence;
            int luma = lease.Pixels[0];
            lease.Release();
            int pass = k / VfrFrames, index = k % VfrFrames;
            Assert.Equal((ulong)k, sequence);
            Assert.InRange(luma, VfrLuma(index) - 3, VfrLuma(index) + 3);
            long want = pass * passNs + expected[index];
            Assert.InRange(source.MediaTimeNs(sequence), want - 3000, want + 3000);
        }
    }

    [Fact]
    public void OffsetNs_FramesBeyondTheProbedOnes_FollowTheLastAtTheAverageInterval()
    {
        string video = VariableRateVideo();
        long[] expected = DecodedFramePtsNs(video);
        FrameTimeline timeline = FrameTimeline.Probe(video, VideoStreamInfo.Probe(video));

        Assert.Equal(expected.Length, timeline.ProbedFrames);
        Assert.Equal(expected[^1] / (expected.Length - 1), timeline.IntervalNs, tolerance: 1000);
        Assert.Equal(timeline.OffsetNs(expected.Length - 1) + timeline.IntervalNs, timeline.OffsetNs(expected.Length), tolerance: 1);
        Assert.Equal(timeline.OffsetNs(expected.Length - 1) + 3 * timeline.IntervalNs, timeline.OffsetNs(expected.Length + 2), tolerance: 1);
    }

    [Fact]
    public void TryAcquire_RawH264WithoutTimestamps_FallsBackToConstantRate()
    {
        string raw = _dir.File("vfr.h264");
        RunFfmpeg("-i", VariableRateVideo(), "-c:v", "copy", "-bsf:v", "h264_mp4toannexb", raw);
        using var source = new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "raw", Input = raw, Format = PixelFormat.Gray8 }, MonotonicClock.System);
        Assert.Equal(FrameTiming.Cfr, source.Timeline.Timing);

        int count = 0;
        while (source.TryAcquire(s_wait, out FrameLease? lease))
        {
            Assert.Equal((ulong)count, lease.Descriptor.Sequence);
            lease.Release();
            Assert.Equal((long)(count * 1e9 / source.Video.FramesPerSecond), source.MediaTimeNs((ulong)count));
            count++;
        }
        Assert.Equal(VfrFrames, count);
    }

    [Fact]
    public void CameraPlay_RawH264WithoutTimestamps_ReadyLineSaysConstantRateTiming()
    {
        string raw = _dir.File("vfr.h264");
        RunFfmpeg("-i", VariableRateVideo(), "-c:v", "copy", "-bsf:v", "h264_mp4toannexb", raw);
        using var producer = CameraProcess.Play(CameraProcess.UniqueName("raw"), raw, "--rate", "4", "--frames", "3");
        Assert.Contains(" timing=cfr ", producer.ReadyLine, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private const int VfrFrames = 30;

    /// <summary>Frame k of <see cref="VariableRateVideo"/> has this luma everywhere (limited range, as encoded).</summary>
    private static int VfrLuma(int k) => 16 + 7 * k;

    /// <summary>
    /// A variable-rate H.264 MP4 with B-frames (packets out of presentation order): 10 frames at 40 ms, a
    /// 200 ms gap, 10 more at 40 ms, then 10 at 33 ms (ms timestamps, ffmpeg's -r 1000 keeps them exact),
    /// frame k a flat grey of luma <see cref="VfrLuma"/> so its pixels say which frame it is.
    /// </summary>
    private string VariableRateVideo()
    {
        string video = _dir.File("vfr.mp4");
        if (!File.Exists(video))
        {
            RunFfmpeg("-f", "lavfi", "-i", "color=black:size=64x48:rate=25", "-frames:v", $"{VfrFrames}",
                "-vf", "settb=1/1000,setpts='if(lt(N,10),N*40,if(lt(N,20),N*40+200,1000+(N-20)*33))',geq=lum='16+N*7':cb=128:cr=128",
                "-fps_mode", "passthrough", "-r", "1000", "-c:v", "libx264", "-crf", "18", "-bf", "2", "-pix_fmt", "yuv420p", video);
        }
        return video;
    }

    /// <summary>Each decoded frame's PTS from ffprobe (which decodes, unlike the source's packet probe), ns after the first.</summary>
    private static long[] DecodedFramePtsNs(string video)
    {
        using var ffprobe = new PeerProcess("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", video]);
        var seconds = new List<double>();
        while (ffprobe.ReadLine(s_wait) is { } line)
        {
            // Frames with side data print an extra (empty) field: the time is the first.
            if (line.Split(',')[0] is { Length: > 0 } time)
            {
                seconds.Add(double.Parse(time, CultureInfo.InvariantCulture));
            }
        }
        Assert.True(ffprobe.WaitForExit(s_wait), "ffprobe did not finish");
        return [.. seconds.Select(t => (long)Math.Round((t - seconds[0]) * 1e9))];
    }

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
