using Foxglove;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Mcap;

namespace Onboard.Hil.Replay;

/// <summary>
/// One camera's recorded frames, read from the file while the replay runs instead of held in memory: a thread of its
/// own scans the recording (<see cref="McapReader.Scan"/>, every CRC checked) and hands the camera's images through a
/// bounded queue of <see cref="Capacity"/> reused slots, so memory is a few frames whatever the recording's length.
/// A full queue blocks the reader (lockstep takes every frame); a consumer that moves on (realtime skipping) frees
/// the frames it passes over. Frames must come in the order of the first, pixel-less read (<see cref="RecordingFile"/>
/// checks that each camera's frames are recorded in sequence order); any difference — or a file that ends, or stops
/// decoding — ends the stream with <see cref="Failure"/> naming the place, after the frames read before it.
/// One consumer thread (the source's ingest thread); its own reader thread.
/// </summary>
public sealed class ImageStream : IDisposable
{
    public const int DefaultCapacity = 4;

    private readonly object _lock = new();
    private readonly Queue<StreamedImage> _ready = new();
    private readonly Stack<StreamedImage> _free = new();
    private readonly string _path;
    private readonly string _topic;
    private readonly IReadOnlyList<RecordedImage> _frames;
    private readonly Thread _thread;
    private StreamedImage? _held;
    private bool _stopping;
    private bool _ended;
    private int _produced;
    private long _bufferBytes;
    private RecordingException? _failure;

    /// <summary>Streams <paramref name="camera"/>'s images from <paramref name="path"/>; <paramref name="camera"/> is its pixel-less read (the frames expected, in order).</summary>
    public ImageStream(string path, RecordedCamera camera, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _path = path;
        _topic = ClipTopics.Topic(camera.Id, ClipTopics.Image);
        _frames = camera.Images;
        Capacity = capacity;
        // The queue's slots plus the one the consumer holds.
        for (int i = 0; i <= capacity; i++)
        {
            _free.Push(new StreamedImage());
        }
        _thread = new Thread(Read) { IsBackground = true, Name = "replay " + camera.Id };
        _thread.Start();
    }

    public int Capacity { get; }

    /// <summary>Frames read into the queue so far.</summary>
    public int Produced => Volatile.Read(ref _produced);

    /// <summary>Bytes of every slot's buffer: the stream's whole pixel memory, at most (capacity + 1) frames.</summary>
    public long BufferBytes => Interlocked.Read(ref _bufferBytes);

    /// <summary>Why the stream ended before the last frame; null while it reads or once it read them all.</summary>
    public RecordingException? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for frame <paramref name="index"/>, freeing the held frame and any queued
    /// before <paramref name="index"/>; false when it has not come yet, or never will (<see cref="Failure"/>).
    /// </summary>
    public bool WaitFor(int index, TimeSpan timeout)
    {
        lock (_lock)
        {
            Free(ref _held);
            long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (true)
            {
                while (_ready.TryPeek(out StreamedImage? head) && head.Index < index)
                {
                    StreamedImage? passed = _ready.Dequeue();
                    Free(ref passed);
                }
                if (_ready.Count > 0)
                {
                    return true;
                }
                long left = deadline - Environment.TickCount64;
                if (_ended || left <= 0 || !Monitor.Wait(_lock, (int)left))
                {
                    return _ready.Count > 0;
                }
            }
        }
    }

    /// <summary>Frame <paramref name="index"/> after <see cref="WaitFor"/> returned true; valid until the next <see cref="WaitFor"/>.</summary>
    public StreamedImage Take(int index)
    {
        lock (_lock)
        {
            if (!_ready.TryPeek(out StreamedImage? head) || head.Index != index)
            {
                throw new InvalidOperationException($"frame {index} is not at the head of the queue: wait for it first");
            }
            _held = _ready.Dequeue();
            return _held;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.PulseAll(_lock);
        }
        _thread.Join();
    }

    private void Free(ref StreamedImage? slot)
    {
        if (slot is not null)
        {
            _free.Push(slot);
            slot = null;
            Monitor.PulseAll(_lock);
        }
    }

    private void Read()
    {
        RecordingException? failure = null;
        try
        {
            using McapReader reader = McapReader.Open(_path);
            var handler = new Handler(this);
            McapReadResult result = reader.Scan(handler);
            failure = handler.Error is { } error ? new RecordingException($"{_path}: {error}")
                : !result.Complete ? RecordingFile.Incomplete(_path, result)
                : _produced < _frames.Count ? new RecordingException($"{_path}: {_topic} has {_produced} frames, the first read had {_frames.Count}: the file changed")
                : null;
        }
        catch (OperationCanceledException)
        {
            // Disposed while the reader waited for a free slot: the replay is over.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = new RecordingException($"{_path}: cannot read: {e.Message}");
        }
        lock (_lock)
        {
            _failure = failure;
            _ended = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Copies one image into a free slot (waiting for one) and queues it; an error message, or null.</summary>
    private string? Add(in McapMessage message, bool compressed)
    {
        int index = _produced;
        if (index >= _frames.Count || message.Sequence != _frames[index].Sequence)
        {
            string expected = index < _frames.Count ? $"frame {_frames[index].Sequence}" : "no more frames";
            return $"{_topic} message {index} (log time {message.LogTime} ns): frame {message.Sequence} where the first read had {expected}: the file changed";
        }
        if (ImageMessage.TryRead(message.Data, compressed, out ImageMessage image) is { } bad)
        {
            return $"{_topic} frame {message.Sequence} (log time {message.LogTime} ns): not a valid {(compressed ? "foxglove.CompressedImage" : "foxglove.RawImage")}: {bad}";
        }
        StreamedImage slot;
        lock (_lock)
        {
            while (!_free.TryPop(out slot!))
            {
                if (_stopping)
                {
                    throw new OperationCanceledException();
                }
                Monitor.Wait(_lock);
            }
        }
        // Raw frames need their exact length (the lease hands out the whole buffer); JPEG bytes vary, so that buffer only grows.
        int length = image.Data.Length;
        if (compressed ? slot.Buffer.Length < length : slot.Buffer.Length != length)
        {
            Interlocked.Add(ref _bufferBytes, length - slot.Buffer.Length);
            slot.Buffer = new byte[length];
        }
        image.Data.CopyTo(slot.Buffer);
        slot.Length = length;
        slot.Index = index;
        slot.Sequence = message.Sequence;
        slot.Encoding = image.EncodingText(slot.Encoding);
        (slot.Width, slot.Height, slot.Step) = ((int)image.Width, (int)image.Height, (int)image.Step);
        lock (_lock)
        {
            _ready.Enqueue(slot);
            Volatile.Write(ref _produced, index + 1);
            Monitor.PulseAll(_lock);
        }
        return null;
    }

    private sealed class Handler(ImageStream stream) : IMcapHandler
    {
        private readonly Dictionary<ushort, string> _schemas = [];

        // The camera's image channel ids, and whether each holds JPEG (CompressedImage) rather than RawImage.
        private readonly Dictionary<ushort, bool> _images = [];

        public string? Error { get; private set; }

        public void OnSchema(McapSchema schema) => _schemas[schema.Id] = schema.Name;

        public void OnChannel(McapChannel channel)
        {
            if (channel.Topic == stream._topic)
            {
                _images[channel.Id] = _schemas.TryGetValue(channel.SchemaId, out string? s) && s == CompressedImage.Descriptor.FullName;
            }
        }

        public void OnMessage(in McapMessage message)
        {
            if (Error is null && _images.TryGetValue(message.Channel.Id, out bool compressed))
            {
                Error = stream.Add(message, compressed);
            }
        }
    }
}
