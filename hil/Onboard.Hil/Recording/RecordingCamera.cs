namespace Onboard.Hil.Recording;

/// <summary>One camera's frames in a recording session: in, published, dropped, late, and gate timeouts (frames whose results never came).</summary>
public sealed record RecordingCamera(string CameraId, long FramesIn, long FramesPublished, long Dropped, long Late, long GateTimeouts);
