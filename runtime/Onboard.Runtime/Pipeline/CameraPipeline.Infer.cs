using Onboard.Kernels.Tracking;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Pipeline;

/// <summary>The infer thread: model run and postprocessing, then the hand-off to the publisher.</summary>
public sealed partial class CameraPipeline
{
    // Infer thread only: the tracker sees the frames that reached inference, in order; a frame dropped before
    // it advances time, not the tracker (the next step predicts over the real interval).
    private long _inferFrames;
    private readonly ByteTracker? _tracker;

    private void InferLoop()
    {
        try
        {
            while (true)
            {
                if (!_inferQueue.TryTake(Options.PollInterval, out FrameContext context))
                {
                    if (_inferQueue.IsFinished)
                    {
                        return;
                    }
                    continue;
                }
                Infer(context);
            }
        }
        finally
        {
            // Nothing more is offered to the shadow: its last result is queued before the publisher may stop.
            Shadow?.Finish();
            Output.Complete();
        }
    }

    private void Infer(FrameContext context)
    {
        FrameResult r = context.Result;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long t0 = _clock.NowNs;
        long ortAllocated;
        long t1;
        long t2;
        long t3 = 0;
        try
        {
            long beforeRun = GC.GetAllocatedBytesForCurrentThread();
            Engine.Infer(context.Input);
            ortAllocated = GC.GetAllocatedBytesForCurrentThread() - beforeRun;
            t1 = _clock.NowNs;
            r.DetectionCount = Engine.Postprocess(context.Input, context.Transform, r.Detections);
            t2 = _clock.NowNs;
            if (_tracker is not null)
            {
                r.Tracks!.CopyFrom(_tracker, _tracker.Step(r.CaptureMonoNs, r.ValidDetections));
                t3 = _clock.NowNs;
                Metrics.Tracked(_tracker.LiveTracks, _tracker.TracksCreated, _tracker.TracksRemoved, _tracker.TracksRefused);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _events.FrameRejected(CameraId, DropReason.StageError, r.Sequence, "inference failed: " + e.Message);
            Drop(context, DropReason.StageError);
            return;
        }
        EngineInput input = context.Input;
        (long runStart, long runEnd) = input.RunEndNs != 0 ? (input.RunStartNs, input.RunEndNs) : (t0, t1);
        r.Stamp(Stage.Infer, runStart, runEnd);
        r.Stamp(Stage.Postprocess, t1, t2);
        Metrics.Stage(Stage.Infer).Record(runEnd - runStart);
        Metrics.Stage(Stage.Postprocess).Record(t2 - t1);
        if (t3 != 0)
        {
            r.Stamp(Stage.Track, t2, t3);
            Metrics.Stage(Stage.Track).Record(t3 - t2);
        }
        if (!Output.Push(context, out FrameContext? evicted))
        {
            Drop(evicted!, DropReason.PublishBusy);
        }
        AddAllocated(ref _inferAllocatedBytes, allocatedBefore + ortAllocated, ++_inferFrames);
    }
}
