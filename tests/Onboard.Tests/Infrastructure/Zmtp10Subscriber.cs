using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A subscriber that speaks only ZMTP 1.0 (rfc.zeromq.org/spec:13, the wire of 0MQ 2.x), written over a raw TCP
/// socket. ZMTP 1.0 has no greeting signature, no version and no security mechanism: a peer that sends one is
/// the downgrade CVE-2014-9721 is about. A frame is a length (one octet, or 0xFF and eight octets big-endian)
/// that counts the flags octet and the body, then flags (bit 0: more frames follow), then the body. The first
/// frame each side sends is its identity; a SUB then forwards subscriptions as messages of 0x01 + prefix.
/// Every byte the peer sends is kept, so a test can say exactly what a connection received, and messages are
/// decoded as they arrive.
/// </summary>
public sealed class Zmtp10Subscriber : IDisposable
{
    private const byte LongLength = 0xFF;
    private const byte MoreFlag = 0x01;
    private const byte SubscribeCommand = 0x01;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Thread _reader;
    private readonly BlockingCollection<byte[][]> _messages = [];
    private readonly ManualResetEventSlim _closed = new(false);
    private readonly Lock _gate = new();
    // Owned by the reader thread; read under _gate by the test thread.
    private readonly MemoryStream _received = new();
    private readonly List<byte[]> _frames = [];
    private int _parsed;
    private int _identityLength = -1;

    /// <summary>Connects to <paramref name="endpoint"/> (<c>tcp://127.0.0.1:PORT</c>) and sends, in one write, an
    /// anonymous identity frame and a subscription to <paramref name="prefix"/> (empty: everything).</summary>
    public Zmtp10Subscriber(string endpoint, ReadOnlySpan<byte> prefix = default)
    {
        _socket.NoDelay = true;
        _socket.Connect(Parse(endpoint));
        // Identity: length 1 (flags only), flags 0, no body. Subscription: length 2 + prefix, flags 0, 0x01, prefix.
        // One write, so the peer's first read sees the whole greeting and never closes on unread bytes (a reset).
        byte[] greeting = [0x01, 0x00, (byte)(2 + prefix.Length), 0x00, SubscribeCommand, .. prefix];
        _socket.Send(greeting);
        _reader = new Thread(Read) { Name = "zmtp10-subscriber", IsBackground = true };
        _reader.Start();
    }

    /// <summary>The bytes 0MQ 3.x and later send first: 0xFF, the identity length + 1 as eight octets, 0x7F. To a
    /// ZMTP 1.0 peer they read as a long-form identity frame with no body (length 1, flags 0x7F).</summary>
    public static byte[] AnonymousSignature => [LongLength, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F];

    /// <summary>Every byte the peer has sent so far.</summary>
    public byte[] Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Bytes the peer sent after its identity frame: anything it published to us.</summary>
    public int BytesAfterIdentity
    {
        get
        {
            lock (_gate)
            {
                return _identityLength < 0 ? 0 : (int)_received.Length - _identityLength;
            }
        }
    }

    /// <summary>Why the bytes the peer sent were not ZMTP 1.0 frames, or null.</summary>
    public string? ProtocolError { get; private set; }

    /// <summary>True once the peer closed (or reset) the connection, or sent what is not ZMTP 1.0.</summary>
    public bool WaitForClose(TimeSpan timeout) => _closed.Wait(timeout);

    /// <summary>The next whole message's frames, or null when none came within <paramref name="timeout"/>.</summary>
    public byte[][]? TakeMessage(TimeSpan timeout) => _messages.TryTake(out byte[][]? message, timeout) ? message : null;

    public void Dispose()
    {
        _socket.Dispose();
        _reader.Join();
        _closed.Dispose();
        _messages.Dispose();
    }

    private void Read()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = _socket.Receive(buffer)) > 0)
            {
                lock (_gate)
                {
                    _received.Write(buffer, 0, n);
                    ParseFrames();
                }
            }
        }
        catch (SocketException)
        {
            // A reset is a close too; what arrived before it is kept.
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidDataException e)
        {
            ProtocolError = e.Message;
        }
        _closed.Set();
        _messages.CompleteAdding();
    }

    private void ParseFrames()
    {
        ReadOnlySpan<byte> data = _received.GetBuffer().AsSpan(0, (int)_received.Length);
        while (TryFrame(data[_parsed..], _parsed, out int headerLength, out long length))
        {
            byte flags = data[_parsed + headerLength];
            byte[] body = data.Slice(_parsed + headerLength + 1, (int)length - 1).ToArray();
            _parsed += headerLength + (int)length;
            if (_identityLength < 0)
            {
                _identityLength = _parsed; // the peer's identity: not a message
                continue;
            }
            _frames.Add(body);
            if ((flags & MoreFlag) == 0)
            {
                _messages.Add([.. _frames]);
                _frames.Clear();
            }
        }
    }

    /// <summary>True when <paramref name="data"/> starts with a whole frame; its length counts flags + body.</summary>
    private static bool TryFrame(ReadOnlySpan<byte> data, int offset, out int headerLength, out long length)
    {
        headerLength = 0;
        length = 0;
        if (data.IsEmpty)
        {
            return false;
        }
        if (data[0] != LongLength)
        {
            (headerLength, length) = (1, data[0]);
        }
        else if (data.Length >= 9)
        {
            (headerLength, length) = (9, (long)BinaryPrimitives.ReadUInt64BigEndian(data[1..9]));
        }
        else
        {
            return false;
        }
        if (length < 1 || length > int.MaxValue)
        {
            throw new InvalidDataException($"byte {offset}: ZMTP 1.0 frame length {length}, expected 1 or more (it counts the flags octet)");
        }
        return data.Length >= headerLength + length;
    }

    private static IPEndPoint Parse(string endpoint)
    {
        const string Scheme = "tcp://";
        if (!endpoint.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new ArgumentException($"a tcp:// endpoint, got {endpoint}", nameof(endpoint));
        }
        string hostPort = endpoint[Scheme.Length..];
        int colon = hostPort.LastIndexOf(':');
        return new IPEndPoint(IPAddress.Parse(hostPort[..colon]), int.Parse(hostPort[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}
