using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// One process's mapping of a ring file: the producer's read-write one or a consumer's read-only one.
/// Reference-counted because leases point into it: a consumer that moves to a new session drops its own
/// reference, and the old mapping is unmapped only when the last lease on it is released, so no span a
/// pipeline still reads can dangle. The file itself is never truncated or reused: a restarted producer
/// creates a new file and renames it over the old path, so old mappings keep the old (unlinked) inode and
/// stay valid (truncating a mapped file would SIGBUS its readers instead).
/// </summary>
internal sealed unsafe class RingMapping
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    // Start of the mapping; valid from construction until the last reference is released.
    private readonly byte* _base;
    private int _references = 1;

    private RingMapping(MemoryMappedFile file, MemoryMappedViewAccessor view, RingHello hello)
    {
        _file = file;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + view.PointerOffset;
        Hello = hello;
    }

    public RingHello Hello { get; }

    /// <summary>Producer: creates a fresh ring file beside <paramref name="path"/>, fills its header, then
    /// renames it into place (atomic), so no consumer ever maps a half-initialised ring.</summary>
    public static RingMapping Create(string path, RingHello hello, long createdUtcNs)
    {
        long bytes = RingLayout.FileBytes(hello.SlotCount, hello.SlotCapacity);
        string temporary = $"{path}.new-{Environment.ProcessId}";
        FileStream? stream = null;
        MemoryMappedFile? file = null;
        try
        {
            stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            stream.SetLength(bytes);
            file = MemoryMappedFile.CreateFromFile(stream, null, bytes, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            var mapping = new RingMapping(file, file.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.ReadWrite), hello);
            RingLayout.WriteHeader(new Span<byte>(mapping._base, RingLayout.HeaderBytes), hello, createdUtcNs);
            File.Move(temporary, path, overwrite: true);
            return mapping;
        }
        catch
        {
            if (file is not null)
            {
                file.Dispose();
            }
            else
            {
                stream?.Dispose();
            }
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Consumer: maps the ring a hello announced, read-only. Throws <see cref="InvalidDataException"/>
    /// when the file there is not that ring (a producer restarting in between, or a stray file).</summary>
    public static RingMapping Open(string path, RingHello hello)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long bytes = stream.Length;
        if (bytes < RingLayout.HeaderBytes)
        {
            stream.Dispose();
            throw new InvalidDataException($"ring file {path} is {bytes} bytes, shorter than its header");
        }
        // The mapped file owns the stream from here (leaveOpen: false).
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        RingMapping? mapping = null;
        try
        {
            mapping = new RingMapping(file, file.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.Read), hello);
            string? problem = RingLayout.CheckHeader(new ReadOnlySpan<byte>(mapping._base, RingLayout.HeaderBytes), hello, bytes);
            if (problem is not null)
            {
                throw new InvalidDataException($"{path}: {problem}");
            }
            return mapping;
        }
        catch
        {
            if (mapping is not null)
            {
                mapping.Release();
            }
            else
            {
                file.Dispose();
            }
            throw;
        }
    }

    /// <summary>Slot <paramref name="slot"/>'s seqlock word. The offset is 64-byte aligned inside a
    /// page-aligned mapping, so 64-bit loads and stores on it are atomic on x64 and arm64.</summary>
    public ref long State(int slot) => ref Unsafe.AsRef<long>(_base + RingLayout.StateOffset(slot));

    /// <summary>Slot pixels. Safe: the slot index was range-checked by the caller against the slot count this
    /// mapping was verified to hold, and the mapping outlives the span while the caller holds a reference.</summary>
    public Span<byte> Slot(int slot, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Hello.SlotCount, nameof(slot));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (ulong)Hello.SlotCapacity, nameof(length));
        return new Span<byte>(_base + RingLayout.SlotOffset(slot, Hello.SlotCapacity), length);
    }

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
