using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Pipeline;

/// <summary>The ingest thread: source, watchdog, sequence accounting, preprocessing.</summary>
public sealed partial class CameraPipeline
{
    // Ingest thread only.
    private readonly SourceWatchdog _watchdog;
    private IFrameSource? _source;
    private SequenceTracker _sequence;
    private long _ingestFrames;

    private void IngestLoop()
    {
        _watchdog.Start(_clock.NowNs);
        bool opened = false;
        bool lastOpenFailed = false;
        try
        {
            while (!_stopping)
            {
                if (_source is null)
                {
                    if (lastOpenFailed && _stopSignal.Wait(Options.ReconnectInterval))
                    {
                        break;
                    }
                    lastOpenFailed = !TryOpenSource();
                    if (lastOpenFailed)
                    {
                        WatchSilence();
                        continue;
                    }
                    if (opened)
                    {
                        Metrics.Reconnected();
                        _events.SourceReopened(CameraId, _source!.Name);
                    }
                    opened = true;
                }
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                FrameLease? lease;
                try
                {
                    if (!_source!.TryAcquire(Options.PollInterval, out lease))
                    {
                        WatchSilence();
                        continue;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _events.SourceFailed(CameraId, e);
                    CloseSource();
                    lastOpenFailed = true;
                    continue;
                }
                TakeFrame(lease);
                AddAllocated(ref _ingestAllocatedBytes, allocatedBefore, ++_ingestFrames);
            }
        }
        finally
        {
            CloseSource();
            // The last word on the state: a frame taken while BeginStop ran may have set it back to Running.
            Metrics.State = CameraState.Stopping;
            // In-flight frames still finish: the infer thread drains the queue, then completes Output.
            _inferQueue.Complete();
        }
    }

    private void TakeFrame(FrameLease lease)
    {
        long t0 = _clock.NowNs;
        FrameDescriptor d = lease.Descriptor;
        long missed = _sequence.Advance(d.SessionId, d.Sequence);
        bool backwards = missed < 0;
        Metrics.FrameArrived(t0, Math.Max(missed, 0));
        if (_watchdog.OnFrame(t0) == WatchdogVerdict.Recovered)
        {
            _events.CameraRecovered(CameraId, TimeSpan.FromTicks(_watchdog.StalledForNs(t0) / 100));
        }
        if (!_stopping)
        {
            Metrics.State = CameraState.Running;
        }
        if (backwards)
        {
            lease.Release();
            Metrics.Dropped(DropReason.InvalidFrame);
            _events.FrameRejected(CameraId, DropReason.InvalidFrame, d.Sequence, $"sequence went back from {_sequence.Last} to {d.Sequence} within session {d.SessionId:x}");
            return;
        }

        if (!_pool.TryTake(out FrameContext context))
        {
            // Cannot happen with the pool sized as documented; counted rather than thrown if it ever does.
            lease.Release();
            Metrics.Dropped(DropReason.StageError);
            _events.FrameRejected(CameraId, DropReason.StageError, d.Sequence, "no free frame context");
            return;
        }
        FrameResult r = context.Result;
        r.Reset();
        r.CameraId = CameraId;
        r.Sequence = d.Sequence;
        context.Input.Sequence = d.Sequence;
        r.CaptureMonoNs = d.CaptureMonoNs;
        r.CaptureUtcNs = d.CaptureUtcNs;
        r.ImageWidth = d.Width;
        r.ImageHeight = d.Height;
        r.DeadlineMonoNs = _deadlineNs > 0 ? d.CaptureMonoNs + _deadlineNs : 0;
        if (d.CaptureMonoNs > 0 && d.CaptureMonoNs <= t0)
        {
            r.Stamp(Stage.Ingest, d.CaptureMonoNs, t0);
            Metrics.Stage(Stage.Ingest).Record(t0 - d.CaptureMonoNs);
        }

        DropReason failure = Preprocess(lease, context);
        if (failure != DropReason.Unspecified)
        {
            Drop(context, failure);
            return;
        }
        long t1 = _clock.NowNs;
        r.Stamp(Stage.Preprocess, t0, t1);
        Metrics.Stage(Stage.Preprocess).Record(t1 - t0);
        Metrics.Preprocessed(t1 - t0);
        if (!_inferQueue.Push(context, out FrameContext? evicted))
        {
            Drop(evicted!, DropReason.InferBusy);
        }
    }

    /// <summary>Preprocesses the leased pixels in place and releases the lease; returns why the frame is dropped, if it is.</summary>
    private DropReason Preprocess(FrameLease lease, FrameContext context)
    {
        ulong sequence = lease.Descriptor.Sequence;
        try
        {
            ImageView view = lease.View;
            context.Transform = Engine.Preprocess(view, context.Input);
            if (!lease.IsIntact)
            {
                _events.FrameRejected(CameraId, DropReason.Overwritten, sequence, "the producer reused the slot while it was being preprocessed");
                return DropReason.Overwritten;
            }
            // The recorder copies the intact pixels while the lease is still held; it encodes them on its own thread.
            Tap?.OnPixels(view, sequence, lease.Descriptor.CaptureMonoNs, lease.Descriptor.CaptureUtcNs);
            return DropReason.Unspecified;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            _events.FrameRejected(CameraId, DropReason.InvalidFrame, sequence, e.Message);
            return DropReason.InvalidFrame;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _events.FrameRejected(CameraId, DropReason.StageError, sequence, "preprocess failed: " + e.Message);
            return DropReason.StageError;
        }
        finally
        {
            lease.Release();
        }
    }

    private void WatchSilence()
    {
        long now = _clock.NowNs;
        switch (_watchdog.OnSilence(now))
        {
            case WatchdogVerdict.Stalled:
                Metrics.State = CameraState.Stalled;
                Metrics.Stalled();
                _events.CameraStalled(CameraId, TimeSpan.FromTicks(_watchdog.StalledForNs(now) / 100));
                break;
            case WatchdogVerdict.Reconnect:
                // The loop reopens it at once (and counts the reconnect).
                CloseSource();
                break;
        }
    }

    private bool TryOpenSource()
    {
        try
        {
            _source = _openSource();
            Metrics.SourceName = _source.Name;
            Metrics.SourceStats = _source.Stats;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _events.SourceFailed(CameraId, e);
            return false;
        }
    }

    private void CloseSource()
    {
        IFrameSource? source = _source;
        _source = null;
        source?.Dispose();
    }
}
