using System.Buffers.Binary;
using K4os.Compression.LZ4;
using K4os.Hash.xxHash;
using ZstdSharp;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// Compresses a chunk's records into a buffer it keeps and reuses, so closing a chunk allocates nothing once the
/// buffer has grown to the chunk size. lz4 is written as an LZ4 frame (what MCAP's "lz4" means, and what every
/// MCAP reader decodes) around K4os' block codec: the frame library would allocate a block buffer per chunk.
/// </summary>
internal sealed class McapChunkCompressor : IDisposable
{
    // LZ4 frame (lz4_Frame_format.md): magic, then FLG = version 01 | independent blocks | content size present,
    // BD = 4 MiB maximum block size.
    private const uint Lz4FrameMagic = 0x184D2204;
    private const byte Lz4Flags = 0b0110_1000;
    private const byte Lz4BlockDescriptor = 0b0111_0000;
    private const int Lz4MaxBlock = 4 * 1024 * 1024;
    private const uint Lz4UncompressedBlock = 0x8000_0000;

    private readonly McapCompression _compression;
    private readonly Compressor? _zstd;
    private byte[] _output = [];

    public McapChunkCompressor(McapCompression compression, int zstdLevel)
    {
        _compression = compression;
        if (compression == McapCompression.Zstd)
        {
            _zstd = new Compressor(zstdLevel);
        }
    }

    /// <summary>The compressed records: valid until the next call. <see cref="McapCompression.None"/> returns them as they are.</summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> records) => _compression switch
    {
        McapCompression.Zstd => CompressZstd(records),
        McapCompression.Lz4 => CompressLz4(records),
        _ => records,
    };

    private ReadOnlySpan<byte> CompressZstd(ReadOnlySpan<byte> records)
    {
        EnsureOutput(Compressor.GetCompressBound(records.Length));
        int written = _zstd!.Wrap(records, _output);
        return _output.AsSpan(0, written);
    }

    private ReadOnlySpan<byte> CompressLz4(ReadOnlySpan<byte> records)
    {
        int blocks = (records.Length + Lz4MaxBlock - 1) / Lz4MaxBlock;
        EnsureOutput(19 + blocks * (4 + LZ4Codec.MaximumOutputSize(Lz4MaxBlock)) + 4);
        var output = _output.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(output, Lz4FrameMagic);
        output[4] = Lz4Flags;
        output[5] = Lz4BlockDescriptor;
        BinaryPrimitives.WriteUInt64LittleEndian(output[6..], (ulong)records.Length);
        // Header checksum: the second byte of xxHash32 over the descriptor (FLG through content size).
        output[14] = (byte)(XXH32.DigestOf(output[4..14]) >> 8);
        int at = 15;
        for (int offset = 0; offset < records.Length; offset += Lz4MaxBlock)
        {
            var block = records.Slice(offset, Math.Min(Lz4MaxBlock, records.Length - offset));
            var target = output.Slice(at + 4);
            int size = LZ4Codec.Encode(block, target, LZ4Level.L00_FAST);
            if (size <= 0 || size >= block.Length)
            {
                // Incompressible (JPEG): the frame format stores such a block as it is, flagged.
                block.CopyTo(target);
                BinaryPrimitives.WriteUInt32LittleEndian(output[at..], (uint)block.Length | Lz4UncompressedBlock);
                size = block.Length;
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(output[at..], (uint)size);
            }
            at += 4 + size;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(output[at..], 0); // end mark
        return output[..(at + 4)];
    }

    private void EnsureOutput(int bound)
    {
        if (_output.Length < bound)
        {
            _output = new byte[Math.Max(bound, _output.Length * 2)];
        }
    }

    public void Dispose() => _zstd?.Dispose();
}
