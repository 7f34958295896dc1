using System.Buffers.Binary;

namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// The ring file's layout (all integers little-endian; see Frames/README.md):
/// <code>
/// [0, 4096)        header page
///   0   u64 magic "OBRING01"        8  u32 layout version (1)   12 u32 header bytes (4096)
///   16  u64 session id              24 i32 slot count           28 i32 slot control bytes (64)
///   32  i64 slot capacity (bytes)   40 i64 data offset (4096)   48 i32 producer pid
///   56  i64 created, UTC ns
///   64 + 64·i  slot i's control line: u64 seqlock state (0 never written, 2s+1 writing sequence s, 2s+2 holds s)
/// [4096 + i·capacity, …)  slot i's pixels; capacity is a multiple of 4096, so every slot is page-aligned
/// </code>
/// Each slot's state sits alone in a 64-byte line so the producer's writes to one slot's state never
/// invalidate the cache line a consumer is polling for another.
/// </summary>
internal static class RingLayout
{
    public const ulong Magic = 0x3130474E4952424F; // "OBRING01" as little-endian bytes
    public const uint Version = 1;
    public const int HeaderBytes = 4096;
    public const int SlotControlBytes = 64;
    public const int SlotControlOffset = 64;
    public const int MaxSlots = (HeaderBytes - SlotControlOffset) / SlotControlBytes;
    public const int PageBytes = 4096;

    public static long StateOffset(int slot) => SlotControlOffset + (long)slot * SlotControlBytes;

    public static long SlotOffset(int slot, long capacity) => HeaderBytes + slot * capacity;

    public static long FileBytes(int slotCount, long capacity) => HeaderBytes + slotCount * capacity;

    /// <summary>Rounds a frame size up to whole pages, so that slots stay page-aligned.</summary>
    public static long RoundCapacity(long frameBytes) => (frameBytes + PageBytes - 1) / PageBytes * PageBytes;

    /// <summary>State value while sequence <paramref name="sequence"/> is being written (odd).</summary>
    public static long WritingState(ulong sequence) => (long)(2 * sequence + 1);

    /// <summary>State value once sequence <paramref name="sequence"/> is complete (even, never 0).</summary>
    public static long StableState(ulong sequence) => (long)(2 * sequence + 2);

    public static void WriteHeader(Span<byte> header, RingHello hello, long createdUtcNs)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], HeaderBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], hello.SessionId);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], hello.SlotCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], SlotControlBytes);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], hello.SlotCapacity);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], HeaderBytes);
        BinaryPrimitives.WriteInt32LittleEndian(header[48..], hello.ProducerPid);
        BinaryPrimitives.WriteInt64LittleEndian(header[56..], createdUtcNs);
    }

    /// <summary>Null when the header describes the ring <paramref name="hello"/> announced in a file of
    /// <paramref name="fileBytes"/>; otherwise what differs.</summary>
    public static string? CheckHeader(ReadOnlySpan<byte> header, RingHello hello, long fileBytes)
    {
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic)
        {
            return "not an Onboard ring file (bad magic)";
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version)
        {
            return $"ring layout version {version}, expected {Version}";
        }
        ulong session = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        if (session != hello.SessionId)
        {
            return $"ring file holds session {session:x16}, the producer announced {hello.SessionId:x16}";
        }
        int slots = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        long capacity = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
        if (slots != hello.SlotCount || capacity != hello.SlotCapacity || BinaryPrimitives.ReadInt64LittleEndian(header[40..]) != HeaderBytes)
        {
            return $"ring file has {slots} slots of {capacity} bytes, the producer announced {hello.SlotCount} of {hello.SlotCapacity}";
        }
        if (fileBytes < FileBytes(slots, capacity))
        {
            return $"ring file is {fileBytes} bytes, {FileBytes(slots, capacity)} needed";
        }
        return null;
    }
}
