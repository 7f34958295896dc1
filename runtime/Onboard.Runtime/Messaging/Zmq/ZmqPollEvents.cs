namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>What <see cref="ZmqPoller"/> waits for and reports (ZMQ_POLLIN/POLLOUT/POLLERR).</summary>
[Flags]
internal enum ZmqPollEvents : short
{
    None = 0,
    Readable = LibZmq.ZMQ_POLLIN,
    Writable = LibZmq.ZMQ_POLLOUT,
    Error = LibZmq.ZMQ_POLLERR,
}
