using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames.PipeIngest;

/// <summary>
/// Frames in <see cref="PipeFrameFormat"/> from a byte stream — standard input, or writers connecting one
/// after another to a Unix socket this source listens on — copied into pooled buffers by a dedicated
/// reader thread (blocking reads; a busy thread pool cannot delay it).
/// </summary>
internal sealed class PipeFrameSource : IFrameSource
{
    private readonly PipeFrameSourceOptions _options;
    private readonly FrameSourceStats _stats;
    private readonly FrameBufferQueue _queue;
    private readonly PipeFrameReader _reader;
    private readonly Thread _thread;
    private readonly Stream? _input;
    private readonly Socket? _listener;
    private readonly string? _socketPath;

    // The connection being read in listen mode: set by the reader thread, closed by Dispose to end a read.
    private volatile Socket? _connection;
    private volatile bool _disposed;

    private PipeFrameSource(PipeFrameSourceOptions options, MonotonicClock clock, Stream? input, Socket? listener, string? socketPath)
    {
        _options = options;
        _stats = new FrameSourceStats(clock);
        _queue = new FrameBufferQueue(options.QueueCapacity, options.Backpressure, _stats, clock);
        _reader = new PipeFrameReader(_queue, _stats, clock, options.MaxFrameBytes);
        _input = input;
        _listener = listener;
        _socketPath = socketPath;
        _thread = new Thread(input is not null ? ReadInput : AcceptWriters) { IsBackground = true, Name = $"onboard-pipe-{options.Name}" };
        _thread.Start();
    }

    /// <summary>Reads frames from <paramref name="input"/> (e.g. <see cref="Console.OpenStandardInput()"/>) until it ends.</summary>
    public static PipeFrameSource FromStream(PipeFrameSourceOptions options, Stream input, MonotonicClock clock) =>
        new(options, clock, input, null, null);

    /// <summary>Listens on <paramref name="socketPath"/> and reads each writer that connects, one at a time.</summary>
    public static PipeFrameSource ListenUnix(PipeFrameSourceOptions options, string socketPath, MonotonicClock clock)
    {
        SharedMemory.RingPaths.CheckSocketPath(socketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            File.Delete(socketPath);
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new PipeFrameSource(options, clock, null, listener, socketPath);
    }

    public string Name => _options.Name;

    public FrameSourceStats Stats => _stats;

    /// <summary>True once a stream input ended and every frame read from it was acquired.</summary>
    public bool Completed => _queue.Drained;

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease) => _queue.TryAcquire(timeout, out lease);

    private void ReadInput()
    {
        _stats.Attached();
        try
        {
            _reader.Run(_input!);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The input broke or Dispose closed it.
        }
        finally
        {
            _stats.Detached();
            _queue.End();
        }
    }

    private void AcceptWriters()
    {
        while (!_disposed)
        {
            try
            {
                using Socket connection = _listener!.Accept();
                _connection = connection;
                _stats.Attached();
                using var stream = new NetworkStream(connection, ownsSocket: false);
                _reader.Run(stream);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // A writer that broke off (its frame is counted Truncated by the reader), or Dispose.
            }
            finally
            {
                _connection = null;
                _stats.Detached();
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _queue.Close();
        _listener?.Dispose();
        _connection?.Dispose();
        _input?.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }
    }
}
