using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// The producer side of a shared-memory frame ring: owns the slots, writes each frame into the next slot
/// (round-robin, never waiting for anyone), then announces it to every connected consumer with a 64-byte
/// descriptor. Each start is a new session (random id, fresh ring file), so consumers of a restarted
/// producer notice and remap. Frame calls (<see cref="BeginFrame"/>/<see cref="CommitFrame"/>) belong to
/// one thread, the camera's; consumers are accepted on a background thread.
/// </summary>
public sealed class FrameRingProducer : IDisposable
{
    private readonly FrameRingOptions _options;
    private readonly RingMapping _ring;
    private readonly Socket _listener;
    private readonly Thread _acceptThread;

    // Copy-on-write: the accept thread and the camera thread (removing dead consumers) replace the array
    // under _subscribersLock; the camera thread reads whichever array is current without locking.
    private readonly Lock _subscribersLock = new();
    private volatile RingSubscriber[] _subscribers = [];

    // Camera thread only.
    private readonly byte[] _message = new byte[RingProtocol.MessageBytes];
    private ulong _nextSequence;
    private int _writingSlot = -1;

    // Written by the camera or accept thread with Interlocked, read by anyone.
    private long _published;
    private long _accepted;
    private long _lost;
    private long _droppedForGoneConsumers;
    private volatile bool _disposed;

    private FrameRingProducer(FrameRingOptions options, RingMapping ring, Socket listener)
    {
        _options = options;
        _ring = ring;
        _listener = listener;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "onboard-ring-accept" };
        _acceptThread.Start();
    }

    internal RingHello Ring => _ring.Hello;

    /// <summary>Frame slots in the ring.</summary>
    public int SlotCount => _ring.Hello.SlotCount;
    public ulong SessionId => _ring.Hello.SessionId;
    public string RingPath => _options.RingPath;
    public string SocketPath => _options.SocketPath;

    /// <summary>Frames committed since start; also the sequence number the next frame gets.</summary>
    public long Published => Interlocked.Read(ref _published);

    public int Consumers => _subscribers.Length;
    public long ConsumersAccepted => Interlocked.Read(ref _accepted);
    public long ConsumersLost => Interlocked.Read(ref _lost);

    /// <summary>Descriptors dropped because a consumer's socket was full, summed over all consumers ever connected.</summary>
    public long DescriptorsDropped
    {
        get
        {
            long sum = Interlocked.Read(ref _droppedForGoneConsumers);
            foreach (var s in _subscribers)
            {
                sum += s.Dropped;
            }
            return sum;
        }
    }

    /// <summary>
    /// Creates the ring file and listens on the socket. Throws <see cref="InvalidOperationException"/> when
    /// another producer is live on the same socket; a stale socket left by a killed producer is replaced.
    /// </summary>
    public static FrameRingProducer Start(FrameRingOptions options, MonotonicClock clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SlotCount, 2, nameof(options.SlotCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.SlotCount, RingLayout.MaxSlots, nameof(options.SlotCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFrameBytes, 1, nameof(options.MaxFrameBytes));
        RingPaths.CheckSocketPath(options.SocketPath);
        if (IsLive(options.SocketPath))
        {
            throw new InvalidOperationException($"another producer is already serving {options.SocketPath}");
        }
        Span<byte> id = stackalloc byte[8];
        RandomNumberGenerator.Fill(id);
        var hello = new RingHello(BinaryPrimitives.ReadUInt64LittleEndian(id) | 1, options.SlotCount,
            RingLayout.RoundCapacity(options.MaxFrameBytes), Environment.ProcessId);
        var ring = RingMapping.Create(options.RingPath, hello, clock.UtcNowNs);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            File.Delete(options.SocketPath);
            listener.Bind(new UnixDomainSocketEndPoint(options.SocketPath));
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            ring.Release();
            throw;
        }
        return new FrameRingProducer(options, ring, listener);
    }

    /// <summary>
    /// Starts writing the next frame: marks its slot as being written (consumers still reading the frame it
    /// held will see their lease torn) and returns the slot's first <paramref name="frameBytes"/> bytes.
    /// </summary>
    public Span<byte> BeginFrame(int frameBytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int slot = (int)(_nextSequence % (ulong)_ring.Hello.SlotCount);
        // Full fence: the odd state must be visible before any pixel of the new frame is (a consumer that
        // reads new pixels then re-reads the state is guaranteed to see that it changed).
        Interlocked.Exchange(ref _ring.State(slot), RingLayout.WritingState(_nextSequence));
        _writingSlot = slot;
        return _ring.Slot(slot, frameBytes);
    }

    /// <summary>Completes the frame begun by <see cref="BeginFrame"/> and announces it to every consumer.</summary>
    public FrameDescriptor CommitFrame(PixelFormat format, int width, int height, int stride, long captureMonoNs, long captureUtcNs)
    {
        if (_writingSlot < 0)
        {
            throw new InvalidOperationException("CommitFrame without BeginFrame");
        }
        if (FrameGeometry.Check(format, width, height, stride, _ring.Hello.SlotCapacity, out _) is { } problem)
        {
            throw new ArgumentException($"{problem}: a {width}x{height} {PixelFormatInfo.Name(format)} frame with stride {stride} does not fit a {_ring.Hello.SlotCapacity}-byte slot");
        }
        var frame = new FrameDescriptor(_ring.Hello.SessionId, _nextSequence, _writingSlot, format, width, height, stride, captureMonoNs, captureUtcNs);
        // Release: every pixel store above is visible before the even state that says the slot holds this frame.
        Volatile.Write(ref _ring.State(_writingSlot), RingLayout.StableState(_nextSequence));
        _writingSlot = -1;
        _nextSequence++;
        Interlocked.Increment(ref _published);
        Announce(frame);
        return frame;
    }

    /// <summary>Copies <paramref name="pixels"/> into the next slot and announces it.</summary>
    public FrameDescriptor Publish(ReadOnlySpan<byte> pixels, PixelFormat format, int width, int height, int stride, long captureMonoNs, long captureUtcNs)
    {
        pixels.CopyTo(BeginFrame(pixels.Length));
        return CommitFrame(format, width, height, stride, captureMonoNs, captureUtcNs);
    }

    private void Announce(in FrameDescriptor frame)
    {
        RingProtocol.WriteFrame(_message, frame);
        RingSubscriber[] subscribers = _subscribers;
        for (int i = 0; i < subscribers.Length; i++)
        {
            if (!subscribers[i].TrySend(_message))
            {
                Remove(subscribers[i]);
            }
        }
    }

    /// <summary>Rare path: a consumer closed or crashed (EPIPE/ECONNRESET); forget it, keep going.</summary>
    private void Remove(RingSubscriber subscriber)
    {
        lock (_subscribersLock)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber));
        }
        Interlocked.Add(ref _droppedForGoneConsumers, subscriber.Dropped);
        Interlocked.Increment(ref _lost);
        subscriber.Dispose();
    }

    private void AcceptLoop()
    {
        Span<byte> hello = stackalloc byte[RingProtocol.MessageBytes];
        RingProtocol.WriteHello(hello, _ring.Hello);
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // the listener was closed by Dispose
            }
            try
            {
                client.SendBufferSize = _options.SocketSendBufferBytes;
                client.Send(hello); // a fresh socket's buffer is empty: this never waits
                client.Blocking = false;
            }
            catch (SocketException)
            {
                client.Dispose();
                continue;
            }
            lock (_subscribersLock)
            {
                _subscribers = [.. _subscribers, new RingSubscriber(client)];
            }
            Interlocked.Increment(ref _accepted);
        }
    }

    private static bool IsLive(string socketPath)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false; // ECONNREFUSED: a socket file nobody listens on any more
        }
    }

    /// <summary>Stops accepting, closes every consumer's socket (they see the producer go) and removes the
    /// socket and ring files if they are still this session's.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _listener.Dispose();
        _acceptThread.Join(TimeSpan.FromSeconds(2));
        RingSubscriber[] subscribers;
        lock (_subscribersLock)
        {
            subscribers = _subscribers;
            _subscribers = [];
        }
        foreach (var s in subscribers)
        {
            s.Dispose();
        }
        if (StillOurs())
        {
            File.Delete(_options.RingPath);
            File.Delete(_options.SocketPath);
        }
        _ring.Release();
    }

    /// <summary>A newer producer may have taken the name since; its files are not ours to delete.</summary>
    private bool StillOurs()
    {
        try
        {
            using var stream = new FileStream(_options.RingPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[24];
            stream.ReadExactly(header);
            return BinaryPrimitives.ReadUInt64LittleEndian(header[16..]) == _ring.Hello.SessionId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
