using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.PipeIngest;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Primitives;

namespace Onboard.Bench.Transport;

/// <summary>
/// Per-frame cost of getting one BGR24 frame from a producer to a consumer holding a lease on its pixels,
/// in one process (both transports' threads as in production: the source's own receive thread):
/// <list type="bullet">
/// <item><b>Ring</b>: the camera wrote the pixels into its slot (as a driver's DMA would); what is measured
/// is marking the slot, the 64-byte descriptor through the socket, the consumer's checks and lease. Should
/// not grow with the frame size.</item>
/// <item><b>RingProducerCopies</b>: the same, but the producer copies the frame into the slot first (what
/// <c>camera play</c> does): one memcpy.</item>
/// <item><b>Pipe</b>: header + pixels + trailer written to a Unix socket and read into a pooled buffer:
/// two copies through the kernel.</item>
/// </list>
/// Each operation publishes one frame and acquires and releases it, so it is a round trip including the
/// wake-up of the receive thread.
/// </summary>
[MemoryDiagnoser]
public class FrameTransportBenchmark
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);

    private string _dir = "";
    private byte[] _pixels = [];
    private FrameRingProducer? _producer;
    private ShmFrameSource? _ring;
    private PipeFrameSource? _pipe;
    private NetworkStream? _pipeWriterStream;
    private PipeFrameWriter? _pipeWriter;
    private ulong _sequence;

    [Params("640x480", "1920x1080", "3840x2160")]
    public string Size { get; set; } = "640x480";

    private int Width => int.Parse(Size.AsSpan(0, Size.IndexOf('x', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);

    private int Height => int.Parse(Size.AsSpan(Size.IndexOf('x', StringComparison.Ordinal) + 1), System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("onboard-bench-").FullName;
        _pixels = new byte[Width * Height * 3];
        Random.Shared.NextBytes(_pixels);
        var clock = MonotonicClock.System;

        var ring = new FrameRingOptions { RingPath = Path.Combine(_dir, "ring"), SocketPath = Path.Combine(_dir, "ring.sock"), MaxFrameBytes = _pixels.Length };
        _producer = FrameRingProducer.Start(ring, clock);
        _ring = new ShmFrameSource(new ShmFrameSourceOptions { Name = "bench", RingPath = ring.RingPath, SocketPath = ring.SocketPath }, clock);
        SpinWait.SpinUntil(() => _producer.Consumers == 1, s_wait);
        for (int slot = 0; slot < ring.SlotCount; slot++)
        {
            _producer.Publish(_pixels, PixelFormat.Bgr24, Width, Height, Width * 3, 0, 0); // slots hold real frames
            Acquire(_ring);
        }

        string pipePath = Path.Combine(_dir, "pipe.sock");
        _pipe = PipeFrameSource.ListenUnix(new PipeFrameSourceOptions { Name = "bench", MaxFrameBytes = _pixels.Length }, pipePath, clock);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(pipePath));
        _pipeWriterStream = new NetworkStream(socket, ownsSocket: true);
        _pipeWriter = new PipeFrameWriter(_pipeWriterStream);
    }

    [Benchmark(Baseline = true)]
    public void Ring()
    {
        _producer!.BeginFrame(_pixels.Length);
        _producer.CommitFrame(PixelFormat.Bgr24, Width, Height, Width * 3, 1, 1);
        Acquire(_ring!);
    }

    [Benchmark]
    public void RingProducerCopies()
    {
        _producer!.Publish(_pixels, PixelFormat.Bgr24, Width, Height, Width * 3, 1, 1);
        Acquire(_ring!);
    }

    [Benchmark]
    public void Pipe()
    {
        _pipeWriter!.Write(new FrameDescriptor(0, _sequence++, 0, PixelFormat.Bgr24, Width, Height, Width * 3, 1, 1), _pixels);
        Acquire(_pipe!);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeWriterStream?.Dispose();
        _pipe?.Dispose();
        _ring?.Dispose();
        _producer?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static void Acquire(IFrameSource source)
    {
        if (!source.TryAcquire(s_wait, out FrameLease? lease))
        {
            throw new InvalidOperationException($"{source.Name}: no frame ({source.Stats.LastRejection})");
        }
        if (!lease.IsIntact || lease.Pixels.Length == 0)
        {
            throw new InvalidOperationException("torn or empty frame");
        }
        lease.Release();
    }
}
