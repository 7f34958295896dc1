using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// Per-camera work that runs on the publish thread after the camera's messages went out (the trigger stage and its
/// clip recorder): that thread alone owns the socket, so the stage publishes through the one it was made with. The
/// seam keeps Messaging below what plugs into it.
/// </summary>
internal interface IPublishStage
{
    /// <summary>After the frame's DetectionList and TrackList were sent.</summary>
    void OnFrame(FrameResult frame);

    /// <summary>After a shadow result was sent.</summary>
    void OnShadow(FrameResult shadow);

    /// <summary>Between frames too (a stalled camera still closes its windows).</summary>
    void Tick(long nowMonoNs);

    /// <summary>At shutdown, after the last frame.</summary>
    void Finish();
}
