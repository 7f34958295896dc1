using System.Net.Sockets;
using Onboard.Hil.Cameras;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Frames;

/// <summary>The ring across processes: <c>onboard camera sim</c> in a child process, consumers here.</summary>
public sealed class RingCrossProcessTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("bgr24")]
    [InlineData("nv12")]
    public void TryAcquire_TwoConsumersOfSimCamera_BothGetEveryFrameByteExact(string format)
    {
        string name = CameraProcess.UniqueName("exact");
        var sim = Options(name, PixelFormatInfo.Parse(format));
        using var producer = CameraProcess.Sim(name, ["--fps", "60", "--slots", "16", "--format", format, .. SceneArguments(sim)]);
        using var first = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name) with { QueueCapacity = 64 }, MonotonicClock.System);
        using var second = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name) with { QueueCapacity = 64 }, MonotonicClock.System);
        var expected = new ExpectedFrames(sim);

        ulong[] firstSequences = Collect(first, 12, expected);
        ulong[] secondSequences = Collect(second, 12, expected);

        Assert.True(firstSequences.Zip(firstSequences.Skip(1)).All(p => p.First < p.Second), "sequences must increase");
        Assert.Equal(first.Stats.SessionId, second.Stats.SessionId);
        Assert.Equal(0, first.Stats.RejectedTotal + second.Stats.RejectedTotal);
        Assert.Contains($"session={first.Stats.SessionId:x16}", producer.ReadyLine, StringComparison.Ordinal);
        Assert.NotEmpty(secondSequences);
    }

    [Fact]
    public void TryAcquire_ProducerKilledThenRestarted_ReportsDisconnectThenRecoversOnNewSession()
    {
        string name = CameraProcess.UniqueName("restart");
        var sim = Options(name, PixelFormat.Bgr24);
        var expected = new ExpectedFrames(sim);
        using var consumer = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name), MonotonicClock.System);
        ulong firstSession;
        using (var producer = CameraProcess.Sim(name, ["--fps", "60", "--slots", "16", .. SceneArguments(sim)]))
        {
            Collect(consumer, 3, expected);
            firstSession = consumer.Stats.SessionId;
            Assert.True(consumer.Stats.Connected);
            producer.Process.Kill();
        }

        Assert.True(WaitUntil(consumer, () => !consumer.Stats.Connected), "the consumer never reported the killed producer gone");
        Assert.True(consumer.Stats.Disconnects >= 1);
        // Frames announced before the crash stay readable (their slots can no longer change); then nothing comes.
        for (int i = 0; i < ShmFrameSourceOptions.ForCamera(name).QueueCapacity && consumer.TryAcquire(TimeSpan.Zero, out var stale); i++)
        {
            stale.Release();
        }
        Assert.False(consumer.TryAcquire(TimeSpan.FromMilliseconds(300), out var none), "a frame arrived with no producer");
        Assert.Null(none);

        using var restarted = CameraProcess.Sim(name, ["--fps", "60", "--slots", "16", .. SceneArguments(sim)]);
        Assert.True(WaitUntil(consumer, () => consumer.Stats.SessionId != firstSession), "the consumer did not reconnect to the new session");
        ulong[] after = Collect(consumer, 3, expected);
        Assert.True(consumer.Stats.Connected);
        Assert.Equal(2, consumer.Stats.Sessions);
        Assert.True(after[^1] < 1000, "the new session's sequence starts again from 0");
    }

    [Fact]
    public void Producer_ConsumerStopsReadingThenCrashes_ProducerDropsItsDescriptorsAndRunsOn()
    {
        string name = CameraProcess.UniqueName("slowsock");
        var sim = Options(name, PixelFormat.Gray8);
        const int frames = 600;
        using var producer = CameraProcess.Sim(name, ["--fps", "200", "--frames", $"{frames}", "--format", "gray8", "--slots", "8", .. SceneArguments(sim)]);
        using var watcher = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name) with { QueueCapacity = 1024 }, MonotonicClock.System);
        // Counted from the watcher's first frame, not the producer's start: on a loaded machine the watcher may connect late.
        Assert.True(WaitUntil(watcher, () => watcher.Stats.Received >= 1), "the watcher never connected");
        long connected = watcher.Stats.Received;
        using (var stuck = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stuck.Connect(new UnixDomainSocketEndPoint(RingPaths.Socket(name)));
            // Never reads: its kernel buffer fills within a few dozen frames; a blocking producer would hang here.
            Assert.True(WaitUntil(watcher, () => watcher.Stats.Received >= connected + 150),
                $"the watcher stopped receiving while another consumer was stuck: {Describe(watcher.Stats)}");
        } // closed with unread data, as a crashed consumer's socket is

        string? stopped = producer.WaitForStoppedLine(s_wait);
        Assert.NotNull(stopped);
        Assert.Contains($"frames={frames} ", stopped, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(stopped, "lost=[1-9]"), stopped);
        Assert.Matches(@"descriptors-dropped=[1-9]", stopped);
        Assert.True(WaitUntil(watcher, () => watcher.Stats.LastSequence == frames - 1), $"the watcher's last frame was {watcher.Stats.LastSequence}, not {frames - 1}: {Describe(watcher.Stats)}");
    }

    [Fact]
    public void CameraSim_Sigterm_StopsCleanlyRemovesItsFilesAndTheConsumerStalls()
    {
        string name = CameraProcess.UniqueName("sigterm");
        using var producer = CameraProcess.Sim(name, ["--fps", "60", .. SceneArguments(Options(name, PixelFormat.Bgr24))]);
        using var consumer = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name), MonotonicClock.System);
        Assert.True(consumer.TryAcquire(s_wait, out FrameLease? lease));
        lease.Release();

        using (var kill = new PeerProcess("kill", "-TERM", $"{producer.Process.Id}"))
        {
            Assert.True(kill.WaitForExit(s_wait));
        }
        Assert.NotNull(producer.WaitForStoppedLine(s_wait));
        Assert.True(producer.Process.WaitForExit(s_wait));
        Assert.Equal(0, producer.Process.ExitCode);
        Assert.False(File.Exists(RingPaths.Ring(name)) || File.Exists(RingPaths.Socket(name)), "the producer left its ring or socket behind");
        Assert.True(WaitUntil(consumer, () => !consumer.Stats.Connected));
    }

    [Fact]
    public void TryAcquire_ConsumerHoldsLeaseAndFallsBehind_LeaseTornAndOverwrittenCountedWhileProducerRunsOn()
    {
        string name = CameraProcess.UniqueName("slow");
        var sim = Options(name, PixelFormat.Bgr24);
        using var producer = CameraProcess.Sim(name, ["--fps", "120", "--slots", "4", .. SceneArguments(sim)]);
        // A queue longer than the ring: what it still holds after falling behind points at reused slots.
        using var slow = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name) with { QueueCapacity = 8 }, MonotonicClock.System);
        using var watcher = new ShmFrameSource(ShmFrameSourceOptions.ForCamera(name), MonotonicClock.System);
        Assert.True(slow.TryAcquire(s_wait, out FrameLease? held));

        long before = watcher.Stats.Received;
        Assert.True(WaitUntil(watcher, () => watcher.Stats.Received >= before + 12), "the producer stalled behind a slow consumer");
        Assert.False(held.IsIntact);
        held.Release();

        Assert.True(slow.TryAcquire(s_wait, out FrameLease? next));
        next.Release();
        Assert.True(slow.Stats.Dropped(FrameDropReason.QueueFull) > 0, Describe(slow.Stats));
        Assert.True(slow.Stats.Dropped(FrameDropReason.Overwritten) > 0, Describe(slow.Stats));
        Assert.Equal(0, watcher.Stats.Dropped(FrameDropReason.Missed));
    }

    private static string Describe(FrameSourceStats s) =>
        $"received {s.Received} delivered {s.Delivered} overwritten {s.Dropped(FrameDropReason.Overwritten)} queue-full {s.Dropped(FrameDropReason.QueueFull)} missed {s.Dropped(FrameDropReason.Missed)} rejected {s.RejectedTotal} ({s.LastRejection})";

    private static SimulatedCameraOptions Options(string name, PixelFormat format) =>
        new() { Name = name, Width = 320, Height = 240, Format = format, Seed = 7, FramesPerScene = 3, SceneCount = 4 };

    private static string[] SceneArguments(SimulatedCameraOptions o) =>
        ["--width", $"{o.Width}", "--height", $"{o.Height}", "--seed", $"{o.Seed}", "--frames-per-scene", $"{o.FramesPerScene}", "--scenes", $"{o.SceneCount}"];

    /// <summary>Acquires <paramref name="count"/> frames, checking each against the scene generator; returns their sequences.</summary>
    private static ulong[] Collect(ShmFrameSource source, int count, ExpectedFrames expected)
    {
        var sequences = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            Assert.True(source.TryAcquire(s_wait, out FrameLease? lease), $"frame {i} did not arrive: {source.Stats.LastRejection}");
            try
            {
                FrameDescriptor d = lease.Descriptor;
                sequences[i] = d.Sequence;
                Assert.Equal((320, 240, PixelFormatInfo.MinStride(d.Format, 320)), (d.Width, d.Height, d.Stride));
                byte[] want = expected.For(d.Sequence);
                bool equal = lease.Pixels.SequenceEqual(want);
                Assert.True(lease.IsIntact, "a 60 fps producer with 16 slots overwrote a frame read at once");
                Assert.True(equal, $"frame {d.Sequence} differs from scene {expected.Options.SceneIndex(d.Sequence)}");
            }
            finally
            {
                lease.Release();
            }
        }
        return sequences;
    }

    /// <summary>Waits for a condition on a source's state, driving nothing but time; false on timeout.</summary>
    private static bool WaitUntil(IFrameSource source, Func<bool> condition)
    {
        _ = source;
        return SpinWait.SpinUntil(condition, s_wait);
    }

    /// <summary>What frame k must hold: the generator's scene, converted by the same formatter the camera uses.</summary>
    private sealed class ExpectedFrames(SimulatedCameraOptions options)
    {
        // Rendered before any lease is taken, so comparing never holds a slot long enough to see it reused.
        private readonly byte[][] _frames = Render(options);

        public SimulatedCameraOptions Options => options;

        public byte[] For(ulong sequence) => _frames[options.SceneIndex(sequence)];

        private static byte[][] Render(SimulatedCameraOptions options)
        {
            var generator = new SceneGenerator(new SceneOptions { Width = options.Width, Height = options.Height, Seed = options.Seed });
            var frames = new byte[options.SceneCount][];
            for (int i = 0; i < frames.Length; i++)
            {
                Scene scene = generator.Generate(i);
                frames[i] = options.Format == PixelFormat.Bgr24 ? scene.Pixels : SceneFormatter.Convert(scene.Pixels, scene.Width, scene.Height, options.Format);
            }
            return frames;
        }
    }
}
