namespace Onboard.Runtime.Clips.Recording;

/// <summary>One camera's recorder, for Health and the run summary. Written by the recorder thread, read by anyone.</summary>
internal sealed class RecorderCounters
{
    private long _encoded, _encodeErrors, _clips, _writeErrors, _evictedClips, _refused;
    private long _frames, _bytes, _framesEvicted;

    public long FramesEncoded => Interlocked.Read(ref _encoded);
    public long EncodeErrors => Interlocked.Read(ref _encodeErrors);
    public long ClipsWritten => Interlocked.Read(ref _clips);
    public long ClipWriteErrors => Interlocked.Read(ref _writeErrors);
    public long ClipsEvicted => Interlocked.Read(ref _evictedClips);
    public long ClipsRefused => Interlocked.Read(ref _refused);

    /// <summary>Frames in the pre-buffer now, and their bytes.</summary>
    public long Frames => Interlocked.Read(ref _frames);
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Oldest frames pushed out of a full pre-buffer.</summary>
    public long FramesEvicted => Interlocked.Read(ref _framesEvicted);

    internal void Buffer(PreBuffer buffer)
    {
        Interlocked.Exchange(ref _frames, buffer.Count);
        Interlocked.Exchange(ref _bytes, buffer.Bytes);
        Interlocked.Exchange(ref _framesEvicted, buffer.Evicted);
    }

    internal void Encoded() => Interlocked.Increment(ref _encoded);
    internal void EncodeFailed() => Interlocked.Increment(ref _encodeErrors);
    internal void Written(int evicted)
    {
        Interlocked.Increment(ref _clips);
        Interlocked.Add(ref _evictedClips, evicted);
    }
    internal void Refused() => Interlocked.Increment(ref _refused);
    internal void WriteFailed() => Interlocked.Increment(ref _writeErrors);
}
