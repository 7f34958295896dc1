using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Tests.Messaging;

/// <summary>
/// Native handles are SafeHandles: a socket its owner never disposed cannot hang <see cref="ZmqContext.Dispose"/> in
/// <c>zmq_ctx_term</c>, and a socket closed that way refuses further use instead of touching freed memory.
/// </summary>
public sealed class ZmqHandleTests
{
    // Generous: only a hang (the old behaviour: forever) fails this; no timing is asserted.
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(60);

    [Fact]
    public void Dispose_LeakedSocketWithAMessageItCannotDeliver_ReturnsAndClosesTheSocket()
    {
        var context = new ZmqContext();
        ZmqSocket leaked = context.CreateSocket(ZmqSocketType.Push);
        leaked.Linger = Timeout.InfiniteTimeSpan; // zmq_ctx_term would wait for this message forever
        leaked.Connect("tcp://127.0.0.1:9"); // nothing listens (discard port, refused on loopback)
        Assert.True(leaked.TrySend("never delivered"u8, more: false, dontWait: true));
        Assert.Equal(1, context.OpenSockets);

        Assert.True(DisposeWithin(context, s_hang), "ZmqContext.Dispose hung in zmq_ctx_term on a socket nobody closed");
        Assert.True(leaked.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => leaked.Connect("tcp://127.0.0.1:9"));
        leaked.Dispose(); // the owner's late dispose is harmless
        Assert.Equal(0, context.OpenSockets);
    }

    [Fact]
    public void Dispose_LeakedSocketBlockedInReceiveOnAnotherThread_WakesItWithTerm()
    {
        var context = new ZmqContext();
        ZmqSocket pull = context.CreateSocket(ZmqSocketType.Pull);
        pull.Bind("inproc://blocked-receive");
        using var entered = new ManualResetEventSlim(false);
        Exception? failure = null;
        var receiver = new Thread(() =>
        {
            var message = new ZmqMessage();
            try
            {
                entered.Set();
                pull.TryReceive(ref message, dontWait: false);
            }
            catch (Exception e) when (e is ZmqException or ObjectDisposedException)
            {
                failure = e;
            }
            finally
            {
                message.Dispose();
            }
        })
        { IsBackground = true };
        receiver.Start();
        entered.Wait();

        Assert.True(DisposeWithin(context, s_hang), "ZmqContext.Dispose hung with a socket blocked in zmq_msg_recv");
        Assert.True(receiver.Join(s_hang));
        Assert.NotNull(failure);
        Assert.True(pull.IsClosed);
    }

    [Fact]
    public void Dispose_EverySocketClosedByItsOwner_LeavesNothingOpen()
    {
        var context = new ZmqContext();
        using (ZmqSocket pub = context.CreateSocket(ZmqSocketType.Pub))
        {
            pub.Bind("inproc://closed-by-owner");
            Assert.Equal(1, context.OpenSockets);
        }
        Assert.Equal(0, context.OpenSockets);
        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => context.CreateSocket(ZmqSocketType.Pub));
    }

    /// <summary>Disposes on a thread of its own, so a hang fails the test instead of stopping the run.</summary>
    private static bool DisposeWithin(ZmqContext context, TimeSpan limit)
    {
        var disposer = new Thread(context.Dispose) { IsBackground = true };
        disposer.Start();
        return disposer.Join(limit);
    }
}
