namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>Anything that receives ZeroMQ frames; conveniences are in <see cref="ZmqReceiverExtensions"/>.</summary>
public interface IZmqReceiver
{
    /// <summary>
    /// Receives the next frame into <paramref name="message"/> (replacing what it held), exposing libzmq's
    /// buffer without a copy. Returns false when nothing arrived (with <paramref name="dontWait"/>, or within
    /// the receive timeout).
    /// </summary>
    bool TryReceive(ref ZmqMessage message, bool dontWait);
}
