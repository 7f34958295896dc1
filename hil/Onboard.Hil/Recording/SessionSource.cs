using Onboard.Runtime.Config;
using Onboard.Runtime.Frames;

namespace Onboard.Hil.Recording;

/// <summary>
/// Opens a camera's source for a recording session; a HIL source (scenario, recording) gets the camera's gate.
/// Called on the camera's ingest thread.
/// </summary>
public delegate IFrameSource SessionSource(CameraConfig camera, FrameGate gate);
