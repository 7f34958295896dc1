using System.Runtime.InteropServices;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// A libzmq context pointer. Releasing it runs <c>zmq_ctx_term</c>, which waits for every socket of the context to
/// close: <see cref="ZmqContext.Dispose"/> closes the ones still open first, so a socket nobody disposed cannot hang it.
/// </summary>
internal sealed class ZmqContextHandle : SafeHandle
{
    public ZmqContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        int result;
        // zmq_ctx_term also returns after a signal interrupted it; only then is it called again.
        while ((result = LibZmq.ContextTerm(handle)) != 0 && LibZmq.Errno() == LibZmq.EINTR)
        {
        }
        return result == 0;
    }
}
