using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// A camera's triggers on the publish thread (which alone owns the socket): after each published frame and each
/// shadow result the rules are evaluated (<see cref="CameraTriggers"/>), every firing goes out as a
/// <see cref="TriggerEvent"/> on <c>triggers/&lt;camera&gt;</c>, and the frame's results and the clip windows go to
/// the camera's <see cref="CameraRecorder"/> (null: triggers published, no clips). Nothing fires: nothing allocated.
/// </summary>
internal sealed class TriggerStage(IZmqSender socket, CameraTriggers triggers, CameraRecorder? recorder, EngineInfo primary) : IPublishStage
{
    private readonly TopicBytes _topics = new(Topics.TriggersPrefix);

    public CameraTriggers Triggers { get; } = triggers;

    public long Published { get; private set; }

    public long Dropped { get; private set; }

    public void OnFrame(FrameResult r)
    {
        var frame = new TriggerFrame
        {
            Sequence = r.Sequence,
            CaptureMonoNs = r.CaptureMonoNs,
            CaptureUtcNs = r.CaptureUtcNs,
            ImageWidth = r.ImageWidth,
            ImageHeight = r.ImageHeight,
            Detections = r.ValidDetections,
            Tracks = r.Tracks is { } t ? t.Tracks : default,
            Late = r.Late,
            InferNs = r.HasStage(Stage.Infer) ? r.StageEnd(Stage.Infer) - r.StageStart(Stage.Infer) : 0,
        };
        recorder?.OnResult(r.Sequence, r.ValidDetections, frame.Tracks, r.Tracks is not null);
        Triggers.OnFrame(frame);
        Publish();
        Tick(r.CaptureMonoNs);
    }

    public void OnShadow(FrameResult shadow)
    {
        recorder?.OnShadow(shadow.Sequence, shadow.ValidDetections);
        Triggers.OnShadow(shadow.Sequence, shadow.ValidDetections);
        Publish();
    }

    /// <summary>Closes the open clip once <paramref name="nowMonoNs"/> is past its end (also between frames: a stalled camera).</summary>
    public void Tick(long nowMonoNs)
    {
        if (Triggers.TakeClosed(nowMonoNs) is { } closed)
        {
            recorder?.OnWindowClosed(closed);
        }
    }

    /// <summary>At shutdown: the open clip is written with the frames it has.</summary>
    public void Finish() => Tick(long.MaxValue);

    private void Publish()
    {
        foreach (TriggerFiring f in Triggers.Firings)
        {
            if (socket.TrySendProtobuf(_topics.For(f.CameraId), TriggerEvents.Build(f, primary.ModelId, primary.ModelVersion), dontWait: true) >= 0)
            {
                Published++;
            }
            else
            {
                Dropped++;
            }
        }
        if (Triggers.Firings.Length > 0 && Triggers.Open is { } open)
        {
            // Opened or widened: the recorder holds its frames from its (possibly earlier) start on.
            recorder?.OnWindowOpen(open);
        }
    }
}
