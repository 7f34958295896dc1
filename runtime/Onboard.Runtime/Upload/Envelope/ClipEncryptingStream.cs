using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Onboard.Runtime.Upload.Envelope;

/// <summary>
/// A write-only stream that seals what is written into it as a clip envelope (<see cref="ClipEnvelope"/>) on
/// <c>destination</c>, one segment at a time: memory is two segment buffers whatever the clip's size, so the
/// recorder can write an MCAP straight into it and no plaintext reaches the disk. <see cref="Complete"/> writes the
/// final segment; a stream disposed without it leaves an envelope that fails to decrypt (its end is missing), which
/// is what a crashed write must look like.
/// </summary>
internal sealed class ClipEncryptingStream : Stream
{
    private readonly Stream _destination;
    private readonly bool _leaveOpen;
    private readonly int _segmentSize;
    private readonly AesGcm _aes;
    private readonly byte[] _noncePrefix = new byte[ClipEnvelope.NoncePrefixSize];
    private readonly byte[] _headerHash;
    private readonly byte[] _plain;
    private readonly byte[] _cipher;
    private readonly IncrementalHash _plainHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _cipherHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _keyId;
    private int _filled;
    private uint _index;
    private long _plainBytes;
    private long _cipherBytes;
    private EnvelopeSummary? _summary;
    private bool _disposed;

    public ClipEncryptingStream(Stream destination, CloudPublicKey cloudKey, int segmentSize = ClipEnvelope.DefaultSegmentSize, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(cloudKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, ClipEnvelope.MinSegmentSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentSize, ClipEnvelope.MaxSegmentSize);
        _destination = destination;
        _leaveOpen = leaveOpen;
        _segmentSize = segmentSize;
        _keyId = cloudKey.KeyIdHex;

        byte[] dataKey = RandomNumberGenerator.GetBytes(ClipEnvelope.KeySize);
        byte[] header = WriteHeader(cloudKey, segmentSize, dataKey, _noncePrefix);
        _aes = new AesGcm(dataKey, ClipEnvelope.TagSize);
        CryptographicOperations.ZeroMemory(dataKey);
        _headerHash = SHA256.HashData(header);
        _plain = ArrayPool<byte>.Shared.Rent(segmentSize);
        _cipher = ArrayPool<byte>.Shared.Rent(segmentSize + ClipEnvelope.TagSize);
        Emit(header);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed && _summary is null;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _plainBytes + _filled; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_summary is not null)
        {
            throw new InvalidOperationException("the envelope is complete; nothing can be written after Complete");
        }
        while (!buffer.IsEmpty)
        {
            // A full buffer is sealed as a non-final segment only once more data arrives: until then it may be the last.
            if (_filled == _segmentSize)
            {
                Seal(final: false);
            }
            int n = Math.Min(buffer.Length, _segmentSize - _filled);
            buffer[..n].CopyTo(_plain.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>Seals the final segment and flushes; returns both lengths and SHA-256s.</summary>
    public EnvelopeSummary Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_summary is null)
        {
            Seal(final: true);
            _destination.Flush();
            _summary = new EnvelopeSummary(_plainBytes, _cipherBytes,
                Convert.ToHexStringLower(_plainHash.GetHashAndReset()), Convert.ToHexStringLower(_cipherHash.GetHashAndReset()), _keyId);
        }
        return _summary;
    }

    public override void Flush() => _destination.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Encrypts all of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static EnvelopeSummary Encrypt(Stream source, Stream destination, CloudPublicKey cloudKey, int segmentSize = ClipEnvelope.DefaultSegmentSize)
    {
        using var sealing = new ClipEncryptingStream(destination, cloudKey, segmentSize, leaveOpen: true);
        source.CopyTo(sealing, segmentSize);
        return sealing.Complete();
    }

    private void Seal(bool final)
    {
        if (_index == uint.MaxValue && !final)
        {
            throw new InvalidOperationException("a clip envelope holds at most 2^32 segments");
        }
        Span<byte> nonce = stackalloc byte[ClipEnvelope.NonceSize];
        Span<byte> aad = stackalloc byte[ClipEnvelope.SegmentAadSize];
        ClipEnvelope.SegmentNonce(_noncePrefix, _index, nonce);
        ClipEnvelope.SegmentAad(_headerHash, _index, final, aad);
        ReadOnlySpan<byte> plain = _plain.AsSpan(0, _filled);
        Span<byte> cipher = _cipher.AsSpan(0, _filled + ClipEnvelope.TagSize);
        _aes.Encrypt(nonce, plain, cipher[.._filled], cipher[_filled..], aad);
        _plainHash.AppendData(plain);
        _plainBytes += _filled;
        _filled = 0;
        _index++;
        Emit(cipher);
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _destination.Write(bytes);
        _cipherHash.AppendData(bytes);
        _cipherBytes += bytes.Length;
    }

    private static byte[] WriteHeader(CloudPublicKey cloudKey, int segmentSize, byte[] dataKey, byte[] noncePrefix)
    {
        var header = new byte[ClipEnvelope.HeaderLength];
        ClipEnvelope.Magic.CopyTo(header);
        header[ClipEnvelope.VersionOffset] = ClipEnvelope.Version;
        header[ClipEnvelope.SuiteOffset] = ClipEnvelope.Suite;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(ClipEnvelope.HeaderLengthOffset), ClipEnvelope.HeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(ClipEnvelope.SegmentSizeOffset), (uint)segmentSize);
        RandomNumberGenerator.Fill(noncePrefix);
        noncePrefix.CopyTo(header, ClipEnvelope.NoncePrefixOffset);
        cloudKey.KeyId.CopyTo(header, ClipEnvelope.KeyIdOffset);

        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        ECParameters q = ephemeral.ExportParameters(false);
        header[ClipEnvelope.EphemeralKeyOffset] = 0x04;
        q.Q.X!.CopyTo(header, ClipEnvelope.EphemeralKeyOffset + 1);
        q.Q.Y!.CopyTo(header, ClipEnvelope.EphemeralKeyOffset + 33);

        byte[] wrapKey = ClipEnvelope.DeriveWrapKey(ephemeral.DeriveRawSecretAgreement(cloudKey.PublicKey));
        Span<byte> h = header;
        RandomNumberGenerator.Fill(h.Slice(ClipEnvelope.WrapNonceOffset, ClipEnvelope.NonceSize));
        using (var wrap = new AesGcm(wrapKey, ClipEnvelope.TagSize))
        {
            wrap.Encrypt(h.Slice(ClipEnvelope.WrapNonceOffset, ClipEnvelope.NonceSize), dataKey,
                h.Slice(ClipEnvelope.WrappedKeyOffset, ClipEnvelope.KeySize), h.Slice(ClipEnvelope.WrapTagOffset, ClipEnvelope.TagSize),
                h[..ClipEnvelope.WrapNonceOffset]);
        }
        CryptographicOperations.ZeroMemory(wrapKey);
        return header;
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            _aes.Dispose();
            _plainHash.Dispose();
            _cipherHash.Dispose();
            CryptographicOperations.ZeroMemory(_plain.AsSpan(0, _segmentSize));
            ArrayPool<byte>.Shared.Return(_plain);
            ArrayPool<byte>.Shared.Return(_cipher);
            if (!_leaveOpen)
            {
                _destination.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
