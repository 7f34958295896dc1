using Onboard.Hil.Recording;
using Onboard.Hil.Recording.Contracts;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Imaging;
using Onboard.Runtime.Primitives;
using Onboard.Hil.Sources;

namespace Onboard.Hil.Replay;

/// <summary>
/// A recorded camera as a source: its frames in sequence order with their recorded sequence numbers. Lockstep gives
/// each frame its recorded capture time (as both clocks: only differences matter to the tracker), so two replays see
/// identical inputs; realtime replays at the recorded intervals from now. The frames' list and times come from the
/// recording's pixel-less read (<paramref name="camera"/>); the pixels stream from the file (<see cref="ImageStream"/>,
/// a few frames in memory), raw ones as recorded, JPEG ones decoded to BGR24. The recorded ground truth goes with them
/// into the replay's file. If the stream fails (the file cut short under the replay), the source ends after the frames
/// read before the place, with <see cref="Failure"/> naming it.
/// </summary>
public sealed class ReplayFrameSource(RecordedCamera camera, ImageStream images, MonotonicClock clock, FramePacing pacing, FrameGate? gate)
    : IndexedFrameSource("replay:" + camera.Id, clock, pacing, gate), IGroundTruthSource
{
    public bool HasTruth => camera.Truth.Count > 0;

    /// <summary>The recording's frames; once the stream failed, those it read before the failure (so the replay ends there).</summary>
    public override long FrameCount => images.Failure is null ? camera.Images.Count : images.Produced;

    public RecordingException? Failure => images.Failure;

    public override ulong SequenceOf(long index) => camera.Images[(int)index].Sequence;

    protected override long OffsetNs(long index) => camera.Images[(int)index].CaptureUtcNs - camera.Images[0].CaptureUtcNs;

    protected override (long MonoNs, long UtcNs) NominalTime(long index) => (camera.Images[(int)index].CaptureUtcNs, camera.Images[(int)index].CaptureUtcNs);

    protected override bool Ready(long index, TimeSpan timeout) => images.WaitFor((int)index, timeout);

    protected override byte[] Load(long index, out PixelFormat format, out int width, out int height, out int stride)
    {
        StreamedImage image = images.Take((int)index);
        if (image.IsJpeg)
        {
            ImageBuffer decoded = ImageCodec.Decode(image.Buffer.AsSpan(0, image.Length), $"{camera.Id} frame {image.Sequence}");
            (format, width, height, stride) = (decoded.Format, decoded.Width, decoded.Height, decoded.Stride);
            return decoded.Data;
        }
        if (!RawEncoding.TryParse(image.Encoding, out format))
        {
            throw new RecordingException($"/{camera.Id}/image frame {image.Sequence}: unknown RawImage encoding \"{image.Encoding}\"");
        }
        (width, height, stride) = (image.Width, image.Height, image.Step);
        return image.Buffer;
    }

    public void Truth(ulong sequence, GroundTruthList truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (camera.Truth.TryGetValue(sequence, out GroundTruthList? recorded))
        {
            truth.ImageWidth = recorded.ImageWidth;
            truth.ImageHeight = recorded.ImageHeight;
            truth.Objects.Add(recorded.Objects);
            truth.Events.Add(recorded.Events);
        }
    }

    public override void Dispose() => images.Dispose();
}
