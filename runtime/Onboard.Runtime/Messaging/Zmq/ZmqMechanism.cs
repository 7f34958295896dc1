namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>The security mechanism a socket uses (ZMQ_MECHANISM).</summary>
internal enum ZmqMechanism
{
    Null = 0,
    Plain = 1,
    Curve = 2,
    Gssapi = 3,
}
