using System.Text.RegularExpressions;
using Foxglove;
using Google.Protobuf;
using Onboard.Hil.Recording;
using Onboard.Hil.Replay;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Hil.Recording;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Replay;

/// <summary>
/// A replay streams a recording's frames (<see cref="ImageStream"/>) rather than reading them all first: its pixel
/// memory is the queue's few frames whatever the recording's length, every frame still comes in order with its
/// recorded pixels, and a file cut short under the stream ends it after the frames before the cut, naming the place.
/// </summary>
public sealed class ReplayStreamingTests : IDisposable
{
    private const int Width = 320, Height = 180, FrameBytes = Width * Height * 3;

    private readonly TempDirectory _dir = new();

    [Fact]
    public void Replay_FourTimesTheFrames_PixelMemoryStaysAtTheQueueWhileTheOldReadHeldEveryFrame()
    {
        (long streamed20, long held20) = ReplayAndMeasure(20);
        (long streamed80, long held80) = ReplayAndMeasure(80);

        // What RecordingFile.Read(images: true) — the replay's read before streaming — keeps: every frame.
        Assert.Equal(20L * FrameBytes, held20);
        Assert.Equal(80L * FrameBytes, held80);
        // Streaming: at most the queue's slots and the frame the source holds, and no more for a longer recording.
        Assert.InRange(streamed20, FrameBytes, (ImageStream.DefaultCapacity + 1L) * FrameBytes);
        Assert.InRange(streamed80, FrameBytes, (ImageStream.DefaultCapacity + 1L) * FrameBytes);
    }

    [Fact]
    public void Stream_ConsumerStopsTaking_ReaderBlocksAtTheQueueInsteadOfDropping()
    {
        string path = WriteRecording("blocked.mcap", 40);
        RecordedCamera camera = RecordingFile.Read(path, images: false).Replayable("front");
        var stream = new ImageStream(path, camera, capacity: 3);
        using var source = new ReplayFrameSource(camera, stream, MonotonicClock.System, FramePacing.Lockstep, null);
        Assert.True(source.TryAcquire(TimeSpan.FromSeconds(10), out FrameLease? first));
        first.Release();

        // The source holds frame 0's slot until it asks for the next; the reader fills the queue's 3 and then waits.
        SpinWait.SpinUntil(() => stream.Produced >= 4, TimeSpan.FromSeconds(10));
        Thread.Sleep(200);
        Assert.Equal(4, stream.Produced);

        // Taking again lets it go on, and nothing was skipped: frames 1, 2, … follow.
        var sequences = Drain(source, 40).Select(f => f.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, 39).Select(i => (ulong)i), sequences);
    }

    [Fact]
    public void Stream_FileCutShortUnderTheReplay_EndsAfterTheFramesBeforeTheCutNamingThePlace()
    {
        string whole = WriteRecording("whole.mcap", 60);
        string cut = _dir.File("cut.mcap");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 3 / 5)]);
        // The list of frames comes from the whole file, the pixels from the cut one: as if the file were cut under the replay.
        RecordedCamera camera = RecordingFile.Read(whole, images: false).Replayable("front");
        using var source = new ReplayFrameSource(camera, new ImageStream(cut, camera), MonotonicClock.System, FramePacing.Lockstep, null);

        var frames = Drain(source, 60);

        Assert.True(source.Finished);
        Assert.InRange(frames.Count, 1, 59);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (ulong)i), frames.Select(f => f.Sequence));
        Assert.All(frames, f => Assert.True(f.Intact, $"frame {f.Sequence}: pixels differ from the recorded ones"));
        Assert.Matches(@"cut\.mcap: not a complete recording: stopped at byte \d+ \(", source.Failure!.Message);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    public void HilReplay_FrameThatDoesNotDecodeMidStream_PipelineEndsBeforeItExit2NamingItNoOutput(int garbled)
    {
        // The first read takes no pixels, so only the stream meets the broken RawImage: the replay's mid-stream failure.
        string path = WriteRecording("broken.mcap", 10, garbled);
        File.WriteAllText(_dir.File("drive.json"), HilRecordingFixture.Scenario);
        File.WriteAllText(_dir.File("run.json"), HilRecordingFixture.RunConfig(""));
        string output = _dir.File("replay.mcap");

        var replay = HilRecordingFixture.Run("hil", "replay", path, "--config", _dir.File("run.json"), "--output", output);

        Assert.Equal(2, replay.ExitCode);
        Assert.Matches($@"hil replay: .*broken\.mcap: /front/image frame {garbled} \(log time \d+ ns\): not a valid foxglove\.RawImage: field 6 runs past the message's end", replay.Error);
        // The pipeline took the frames before it and stopped cleanly.
        Assert.Contains($"camera front in={garbled} published={garbled} dropped=0", replay.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Replayable_FramesNotRecordedInSequenceOrder_RefusedNamingTheFirstOutOfPlace()
    {
        string path = WriteRecording("shuffled.mcap", 4, order: [0, 2, 1, 3]);

        var error = Assert.Throws<RecordingException>(() => RecordingFile.Read(path, images: false).Replayable("front"));

        Assert.Matches(new Regex(@"shuffled\.mcap: /front/image message 2 \(log time \d+ ns\): frame 1 after frame 2: a replay streams"), error.Message);
    }

    private (long Streamed, long Held) ReplayAndMeasure(int frames)
    {
        string path = WriteRecording($"run{frames}.mcap", frames);
        RecordedCamera camera = RecordingFile.Read(path, images: false).Replayable("front");
        var stream = new ImageStream(path, camera);
        using (var source = new ReplayFrameSource(camera, stream, MonotonicClock.System, FramePacing.Lockstep, null))
        {
            var delivered = Drain(source, frames);
            Assert.Equal(Enumerable.Range(0, frames).Select(i => (ulong)i), delivered.Select(f => f.Sequence));
            Assert.All(delivered, f => Assert.True(f.Intact, $"frame {f.Sequence}: pixels differ from the recorded ones"));
            Assert.Null(source.Failure);
        }
        long held = RecordingFile.Read(path).Cameras["front"].Images.Sum(i => (long)i.Data.Length);
        return (stream.BufferBytes, held);
    }

    /// <summary>Takes frames until the source ends (or <paramref name="limit"/>), checking each one's pixels against the recorded ones.</summary>
    private static List<(ulong Sequence, bool Intact)> Drain(ReplayFrameSource source, int limit)
    {
        var frames = new List<(ulong, bool)>();
        long deadline = Environment.TickCount64 + 60_000;
        while (!source.Finished && frames.Count < limit && Environment.TickCount64 < deadline)
        {
            if (source.TryAcquire(TimeSpan.FromMilliseconds(100), out FrameLease? lease))
            {
                ulong sequence = lease.Descriptor.Sequence;
                frames.Add((sequence, lease.Pixels.SequenceEqual(Pixels((int)sequence))));
                lease.Release();
            }
        }
        return frames;
    }

    /// <summary>A recording of one camera's raw frames (seeded noise, so chunks do not compress away), in <paramref name="order"/>.</summary>
    private string WriteRecording(string name, int frames, int garbled = -1, int[]? order = null)
    {
        string path = _dir.File(name);
        using (var file = File.Create(path))
        using (var clip = new ClipWriter(file))
        {
            ClipCamera camera = clip.Camera("front");
            foreach (int i in order ?? Enumerable.Range(0, frames).ToArray())
            {
                long capture = 1_700_000_000_000_000_000 + i * 33_333_333L;
                if (i == garbled)
                {
                    if (!camera.TryGetChannel(ClipTopics.Image, out ushort channel))
                    {
                        channel = clip.Channel(ClipTopics.Topic("front", ClipTopics.Image), RawImage.Descriptor);
                        camera.SetChannel(ClipTopics.Image, channel);
                    }
                    // Field 6 (data) declaring 127 bytes where none follow.
                    clip.Mcap.WriteMessage(channel, (uint)i, (ulong)capture, (ulong)capture, [0x32, 0x7F]);
                    continue;
                }
                clip.Write(camera, ClipTopics.Image, capture, (uint)i, new RawImage
                {
                    FrameId = "front",
                    Width = Width,
                    Height = Height,
                    Encoding = "bgr8",
                    Step = Width * 3,
                    Data = ByteString.CopyFrom(Pixels(i)),
                });
            }
            clip.Finish();
        }
        return path;
    }

    private static byte[] Pixels(int frame)
    {
        var pixels = new byte[FrameBytes];
        new Random(frame).NextBytes(pixels);
        return pixels;
    }

    public void Dispose() => _dir.Dispose();
}
