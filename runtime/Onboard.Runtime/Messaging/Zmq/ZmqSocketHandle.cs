using System.Runtime.InteropServices;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// A libzmq socket pointer. Every call that takes it holds a reference for the call's duration (SafeHandle
/// marshalling), so closing it — from its owner, from <see cref="ZmqContext.Dispose"/> for a socket its owner
/// leaked, or from the finalizer — never frees a socket a call is still inside; <c>zmq_close</c> runs when the last
/// such call returns.
/// </summary>
internal sealed class ZmqSocketHandle : SafeHandle
{
    public ZmqSocketHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => LibZmq.Close(handle) == 0;
}
