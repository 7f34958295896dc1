namespace Onboard.Runtime.Frames;

/// <summary>Why bytes that arrived as a frame or descriptor were refused. Each has its own counter.</summary>
public enum FrameRejectReason
{
    /// <summary>The bytes did not start with the expected magic; the reader skipped ahead to the next one.</summary>
    BadMagic,
    UnsupportedVersion,
    UnknownKind,
    /// <summary>A header checksum did not match its bytes (garbled in transit).</summary>
    BadChecksum,
    /// <summary>A frame descriptor came before the producer's hello, so there is no ring to read it from.</summary>
    NoSession,
    /// <summary>A frame descriptor named a session other than the producer's current one.</summary>
    WrongSession,
    SlotOutOfRange,
    UnknownFormat,
    /// <summary>Width, height or stride impossible for the format (non-positive, odd for 4:2:0, stride shorter than a row…).</summary>
    BadGeometry,
    /// <summary>The frame's bytes would not fit its slot (or the payload length disagrees with the geometry).</summary>
    DoesNotFit,
    /// <summary>A pipe frame ended before its trailer (the writer died or bytes were lost); the reader rescanned the
    /// bytes it had taken as the frame's payload for the next header, so the frames after it are not lost.</summary>
    Truncated,
    /// <summary>The producer's ring file could not be mapped or did not match its hello.</summary>
    RingUnavailable,
}
