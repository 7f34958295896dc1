using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// Fills a reused <see cref="FrameHeader"/> from a frame's result: identity, capture times, deadline and the stamps
/// of the stages it passed, publishing stamped with its start (its end is after these bytes are written). One
/// per publisher, owned by the publish thread; its timing objects are built once, so a fill allocates nothing.
/// </summary>
internal sealed class FrameHeaderWriter
{
    private readonly StageTiming[] _timings;

    public FrameHeaderWriter()
    {
        _timings = new StageTiming[FrameResult.StageSlots];
        for (int i = 0; i < _timings.Length; i++)
        {
            _timings[i] = new StageTiming { Stage = (Stage)i };
        }
    }

    public void Fill(FrameHeader h, FrameResult frame, long publishStartNs)
    {
        h.CameraId = frame.CameraId;
        h.Sequence = frame.Sequence;
        h.CaptureMonoNs = frame.CaptureMonoNs;
        h.CaptureUtcNs = frame.CaptureUtcNs;
        h.DeadlineMonoNs = frame.DeadlineMonoNs;
        h.Late = frame.Late;
        h.Stages.Clear();
        for (int s = 1; s < _timings.Length; s++)
        {
            var stage = (Stage)s;
            if (stage == Stage.Publish)
            {
                _timings[s].StartMonoNs = publishStartNs;
                _timings[s].EndMonoNs = publishStartNs;
                h.Stages.Add(_timings[s]);
            }
            else if (frame.HasStage(stage))
            {
                _timings[s].StartMonoNs = frame.StageStart(stage);
                _timings[s].EndMonoNs = frame.StageEnd(stage);
                h.Stages.Add(_timings[s]);
            }
        }
    }
}
