using System.Collections.Concurrent;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Tests.Infrastructure;

/// <summary>An <see cref="IZmqSender"/> that keeps every multipart message it is given (copies), in order.</summary>
public sealed class RecordingSender : IZmqSender
{
    private List<byte[]> _current = [];

    public BlockingCollection<IReadOnlyList<byte[]>> Messages { get; } = [];

    public bool TrySend(ref ZmqMessage message, bool more, bool dontWait)
    {
        _current.Add(message.Data.ToArray());
        message.Dispose();
        if (!more)
        {
            Messages.Add(_current);
            _current = [];
        }
        return true;
    }
}
