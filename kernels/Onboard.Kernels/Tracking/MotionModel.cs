namespace Onboard.Kernels.Tracking;

/// <summary>What the Kalman filter's four box states are (each with its velocity: 8 states, constant velocity).</summary>
public enum MotionModel
{
    /// <summary>Centre x, centre y, width, height: BoT-SORT's state, the default (README: why).</summary>
    CenterWidthHeight = 0,

    /// <summary>Centre x, centre y, aspect ratio w / h, height: ByteTrack's state.</summary>
    CenterAspectHeight = 1,
}
