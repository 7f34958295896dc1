namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>The two messages on a ring's descriptor socket.</summary>
internal enum RingMessageKind : ushort
{
    /// <summary>First message on every connection: the session and ring geometry.</summary>
    Hello = 1,

    /// <summary>One frame, complete in its slot.</summary>
    Frame = 2,
}
