using System.Diagnostics.CodeAnalysis;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A frame source a test feeds frame by frame (<see cref="Add"/>): small BGR24 frames whose descriptor the
/// test chooses (sequence gaps, bad geometry) and whose lease can report itself overwritten, or generated
/// scenes with their real pixels (<see cref="AddScene"/>). TryAcquire
/// waits on the queue with the caller's timeout, so pipelines block on it like on a real camera.
/// </summary>
public sealed class ScriptedFrameSource(string name = "scripted") : IFrameSource
{
    public const int Width = 32;
    public const int Height = 16;

    // A monitor-guarded queue rather than BlockingCollection, whose timed take allocates a linked
    // CancellationTokenSource per wait and would show up in the pipeline's allocation accounting.
    private readonly Queue<(FrameDescriptor Descriptor, bool Intact, byte[]? Pixels)> _frames = new(64);
    private readonly ScriptedLease _lease = new();

    public string Name { get; } = name;

    /// <summary>Set each time the pipeline takes a frame.</summary>
    public SemaphoreSlim Taken { get; } = new(0);

    public bool Disposed { get; private set; }

    public static FrameDescriptor Frame(ulong sequence, long captureNs, ulong session = 1, int width = Width) =>
        new(session, sequence, 0, PixelFormat.Bgr24, width, Height, width * 3, captureNs, captureNs);

    public void Add(FrameDescriptor descriptor, bool intact = true) => Enqueue(descriptor, intact, null);

    /// <summary>Queues <paramref name="scene"/>'s pixels as frame <paramref name="sequence"/>, captured at <paramref name="captureNs"/>.</summary>
    public void AddScene(Scene scene, ulong sequence, long captureNs) =>
        Enqueue(new FrameDescriptor(1, sequence, 0, PixelFormat.Bgr24, scene.Width, scene.Height, scene.Stride, captureNs, captureNs), true, scene.Pixels);

    private void Enqueue(FrameDescriptor descriptor, bool intact, byte[]? pixels)
    {
        lock (_frames)
        {
            _frames.Enqueue((descriptor, intact, pixels));
            Monitor.Pulse(_frames);
        }
    }

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease)
    {
        lease = null;
        (FrameDescriptor Descriptor, bool Intact, byte[]? Pixels) next;
        lock (_frames)
        {
            if (_frames.Count == 0)
            {
                Monitor.Wait(_frames, timeout);
            }
            if (Disposed || !_frames.TryDequeue(out next))
            {
                return false;
            }
        }
        _lease.Set(next.Descriptor, next.Intact, next.Pixels);
        lease = _lease;
        Taken.Release();
        return true;
    }

    public void Dispose() => Disposed = true;

    private sealed class ScriptedLease : FrameLease
    {
        private readonly byte[] _blank = new byte[Width * 3 * Height * 4];
        private byte[] _pixels = [];
        private bool _intact;

        public override ReadOnlySpan<byte> Pixels => _pixels;
        public override bool IsIntact => _intact;

        public void Set(FrameDescriptor descriptor, bool intact, byte[]? pixels)
        {
            Descriptor = descriptor;
            _intact = intact;
            _pixels = pixels ?? _blank;
        }

        public override void Release()
        {
        }
    }
}
