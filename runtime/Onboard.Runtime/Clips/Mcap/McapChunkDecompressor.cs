using System.Buffers;
using System.IO.Hashing;
using K4os.Compression.LZ4.Streams;
using ZstdSharp;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// Decompresses a chunk's records (zstd, lz4 frames, none) into a buffer it reuses, and checks their CRC. lz4 goes
/// through K4os' frame decoder, so frames from any writer (linked blocks, checksums) decode, not only ours.
/// </summary>
internal sealed class McapChunkDecompressor : IDisposable
{
    /// <summary>A chunk claiming more than this is taken for corruption rather than allocated.</summary>
    public const long MaxUncompressed = 1L << 30;

    private readonly Decompressor _zstd = new();
    private readonly ArrayBufferWriter<byte> _lz4 = new();
    private readonly Crc32 _crc = new();
    private byte[] _records = [];

    /// <summary>The chunk's uncompressed records, valid until the next call. Throws <see cref="McapFormatException"/>.</summary>
    public ReadOnlySpan<byte> Decode(in McapChunkHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.UncompressedSize > MaxUncompressed)
        {
            throw new McapFormatException($"uncompressed_size {header.UncompressedSize} is beyond the reader's limit of {MaxUncompressed} bytes");
        }
        int size = (int)header.UncompressedSize;
        ReadOnlySpan<byte> records;
        switch (header.Compression)
        {
            case "":
                records = payload;
                break;
            case "zstd":
                if (_records.Length < size)
                {
                    _records = new byte[size];
                }
                int written;
                try
                {
                    written = _zstd.Unwrap(payload, _records.AsSpan(0, size));
                }
                catch (ZstdException e)
                {
                    throw new McapFormatException($"zstd cannot decompress the records: {e.Message}");
                }
                records = _records.AsSpan(0, written);
                break;
            case "lz4":
                _lz4.ResetWrittenCount();
                try
                {
                    LZ4Frame.Decode(payload, _lz4);
                }
                catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or EndOfStreamException or NotImplementedException)
                {
                    throw new McapFormatException($"lz4 cannot decompress the records: {e.Message}");
                }
                records = _lz4.WrittenSpan;
                break;
            default:
                throw new McapFormatException($"compression \"{header.Compression}\" is not one this reader knows (zstd, lz4, none)");
        }
        if (records.Length != size)
        {
            throw new McapFormatException($"the records decompress to {records.Length} bytes, the chunk says {size}");
        }
        if (header.UncompressedCrc != 0)
        {
            _crc.Reset();
            _crc.Append(records);
            uint actual = _crc.GetCurrentHashAsUInt32();
            if (actual != header.UncompressedCrc)
            {
                throw new McapFormatException($"chunk CRC 0x{actual:x8} of the uncompressed records does not match the stored 0x{header.UncompressedCrc:x8}: the chunk is corrupt");
            }
        }
        return records;
    }

    public void Dispose() => _zstd.Dispose();
}
