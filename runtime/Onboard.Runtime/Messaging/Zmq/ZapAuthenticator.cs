using System.Text;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// A ZAP handler (ZeroMQ RFC 27) that admits CURVE clients by public key. libzmq asks the handler bound at
/// <see cref="Endpoint"/> in the same context about every new connection to a CURVE server socket; without
/// one, a CURVE server encrypts but admits any client that knows its public key. Runs its REP socket on
/// its own thread ("zmq-zap"); counts admissions and refusals.
/// </summary>
internal sealed class ZapAuthenticator : IDisposable
{
    public const string Endpoint = "inproc://zeromq.zap.01";

    private static readonly byte[] s_version = "1.0"u8.ToArray();
    private static readonly byte[] s_ok = "200"u8.ToArray();
    private static readonly byte[] s_denied = "400"u8.ToArray();

    private readonly HashSet<string> _allowed;
    private readonly ZmqSocket _socket;
    private readonly Thread _thread;
    private volatile bool _stopping;
    // Written by the ZAP thread only.
    private long _accepted;
    private long _rejected;

    /// <param name="context">The context the CURVE server sockets live in (ZAP is per context).</param>
    /// <param name="allowedClientKeys">Z85 public keys of the clients to admit.</param>
    public ZapAuthenticator(ZmqContext context, IEnumerable<string> allowedClientKeys)
    {
        _allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in allowedClientKeys)
        {
            if (!ZmqCurve.IsValidKey(key))
            {
                throw new ArgumentException($"'{key}' is not a 40-character Z85 CURVE public key", nameof(allowedClientKeys));
            }
            _allowed.Add(key);
        }
        // Bound here, before any server socket exists, so no connection is ever accepted unauthenticated;
        // then handed to the ZAP thread (Thread.Start is the full barrier libzmq requires to migrate a socket).
        _socket = context.CreateSocket(ZmqSocketType.Rep);
        _socket.Linger = TimeSpan.Zero;
        _socket.ReceiveTimeout = TimeSpan.FromMilliseconds(100);
        _socket.Bind(Endpoint);
        _thread = new Thread(Loop) { Name = "zmq-zap", IsBackground = true };
        _thread.Start();
    }

    public long Accepted => Volatile.Read(ref _accepted);
    public long Rejected => Volatile.Read(ref _rejected);

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    private void Loop()
    {
        // Request frames: version, request id, domain, address, routing id, mechanism, credentials…
        var frames = new byte[8][];
        var lengths = new int[frames.Length];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = new byte[256];
        }
        try
        {
            while (!_stopping)
            {
                int count = ReceiveRequest(frames, lengths);
                if (count > 0)
                {
                    Reply(frames, lengths, count);
                }
            }
        }
        finally
        {
            _socket.Dispose();
        }
    }

    private int ReceiveRequest(byte[][] frames, int[] lengths)
    {
        int count = 0;
        bool more = true;
        while (more)
        {
            int size = _socket.Receive(count < frames.Length ? frames[count] : [], out more, dontWait: count > 0);
            if (size < 0)
            {
                return count;
            }
            if (count < frames.Length)
            {
                lengths[count] = Math.Min(size, frames[count].Length);
            }
            count++;
        }
        return count;
    }

    private void Reply(byte[][] frames, int[] lengths, int count)
    {
        string? clientKey = null;
        string reason;
        if (count < 7 || !frames[0].AsSpan(0, lengths[0]).SequenceEqual(s_version))
        {
            reason = "malformed ZAP request";
        }
        else if (!frames[5].AsSpan(0, lengths[5]).SequenceEqual("CURVE"u8))
        {
            reason = "only CURVE clients are admitted, got " + Encoding.ASCII.GetString(frames[5], 0, lengths[5]);
        }
        else if (lengths[6] != ZmqCurve.BinaryKeyLength)
        {
            reason = "malformed CURVE credentials";
        }
        else
        {
            clientKey = ZmqCurve.Encode(frames[6].AsSpan(0, ZmqCurve.BinaryKeyLength));
            reason = _allowed.Contains(clientKey) ? "OK" : "client key not authorised";
        }
        bool ok = reason == "OK";
        if (ok)
        {
            _accepted++;
        }
        else
        {
            _rejected++;
        }
        // Reply frames: version, request id (echoed), status code, status text, user id, metadata.
        _socket.TrySend(s_version, more: true);
        _socket.TrySend(count > 1 ? frames[1].AsSpan(0, lengths[1]) : [], more: true);
        _socket.TrySend(ok ? s_ok : s_denied, more: true);
        _socket.TrySend(Encoding.UTF8.GetBytes(reason), more: true);
        _socket.TrySend(ok ? Encoding.ASCII.GetBytes(clientKey!) : [], more: true);
        _socket.TrySend([], more: false);
    }
}
