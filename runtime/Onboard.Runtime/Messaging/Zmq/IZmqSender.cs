namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// Anything that sends ZeroMQ frames: one member, so it is trivial to fake; everything convenient
/// (spans, multipart, protobuf) is an extension in <see cref="ZmqSenderExtensions"/>.
/// </summary>
internal interface IZmqSender
{
    /// <summary>
    /// Hands <paramref name="message"/> to libzmq, which takes its buffer (the struct is left empty).
    /// <paramref name="more"/>: another frame of the same message follows. Returns false when the frame
    /// could not be queued without blocking (with <paramref name="dontWait"/>, or after the send timeout);
    /// the message is then still the caller's.
    /// </summary>
    bool TrySend(ref ZmqMessage message, bool more, bool dontWait);
}
