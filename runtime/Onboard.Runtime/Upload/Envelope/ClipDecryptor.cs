using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Onboard.Runtime.Upload.Envelope;

/// <summary>
/// The cloud side: opens a clip envelope with the cloud's private key, streaming, and authenticates every segment
/// before writing its plaintext. Whatever was altered (header, a segment, the end cut off, segments swapped or
/// dropped, bytes appended), decryption stops with an <see cref="EnvelopeException"/> that names the header or the
/// segment and its byte offset.
/// </summary>
public static class ClipDecryptor
{
    /// <summary>Decrypts <paramref name="input"/> into <paramref name="output"/>. On an exception, output holds unusable partial plaintext: write to a temp file (see <see cref="DecryptFile"/>).</summary>
    public static EnvelopeSummary Decrypt(Stream input, Stream output, CloudPrivateKey key)
    {
        using var cipherHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var plainHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] header = new byte[ClipEnvelope.HeaderLength];
        int got = ReadFull(input, header);
        cipherHash.AppendData(header.AsSpan(0, got));
        int segmentSize = CheckHeader(header, got, key);
        using AesGcm aes = Unwrap(header, key);
        byte[] headerHash = SHA256.HashData(header);
        ReadOnlySpan<byte> prefix = header.AsSpan(ClipEnvelope.NoncePrefixOffset, ClipEnvelope.NoncePrefixSize);

        int stride = segmentSize + ClipEnvelope.TagSize;
        byte[] current = ArrayPool<byte>.Shared.Rent(stride);
        byte[] next = ArrayPool<byte>.Shared.Rent(stride);
        byte[] plain = ArrayPool<byte>.Shared.Rent(segmentSize);
        try
        {
            long offset = ClipEnvelope.HeaderLength;
            long plainBytes = 0;
            uint index = 0;
            int n = ReadFull(input, current.AsSpan(0, stride));
            Span<byte> nonce = stackalloc byte[ClipEnvelope.NonceSize];
            Span<byte> aad = stackalloc byte[ClipEnvelope.SegmentAadSize];
            while (true)
            {
                if (n < ClipEnvelope.TagSize)
                {
                    throw Failure(index, offset, n == 0 && index == 0
                        ? "missing: the file ends after the header (truncated)"
                        : $"truncated: {n} byte(s), less than a {ClipEnvelope.TagSize}-byte tag");
                }
                bool final = n < stride;
                int m = 0;
                if (!final)
                {
                    m = ReadFull(input, next.AsSpan(0, stride));
                    final = m == 0;
                }
                int length = n - ClipEnvelope.TagSize;
                ClipEnvelope.SegmentNonce(prefix, index, nonce);
                ClipEnvelope.SegmentAad(headerHash, index, final, aad);
                try
                {
                    aes.Decrypt(nonce, current.AsSpan(0, length), current.AsSpan(length, ClipEnvelope.TagSize), plain.AsSpan(0, length), aad);
                }
                catch (AuthenticationTagMismatchException)
                {
                    throw Failure(index, offset, final
                        ? "does not authenticate as the final segment: it was altered, or the clip was truncated or extended here"
                        : "does not authenticate: it was altered, or segments were reordered or dropped");
                }
                cipherHash.AppendData(current.AsSpan(0, n));
                plainHash.AppendData(plain.AsSpan(0, length));
                output.Write(plain.AsSpan(0, length));
                plainBytes += length;
                if (final)
                {
                    output.Flush();
                    return new EnvelopeSummary(plainBytes, offset + n, Convert.ToHexStringLower(plainHash.GetHashAndReset()),
                        Convert.ToHexStringLower(cipherHash.GetHashAndReset()), Convert.ToHexStringLower(key.KeyId));
                }
                (current, next) = (next, current);
                n = m;
                offset += stride;
                index++;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain.AsSpan(0, segmentSize));
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    /// <summary>Decrypts a file; <paramref name="outputPath"/> appears only when every segment authenticated (temp file, then rename).</summary>
    public static EnvelopeSummary DecryptFile(string inputPath, string outputPath, CloudPrivateKey key)
    {
        string temp = outputPath + ".tmp";
        try
        {
            EnvelopeSummary summary;
            using (var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                summary = Decrypt(input, output, key);
            }
            File.Move(temp, outputPath, overwrite: true);
            return summary;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static int CheckHeader(byte[] header, int got, CloudPrivateKey key)
    {
        if (got < ClipEnvelope.HeaderLength)
        {
            throw Header(0, $"the file is {got} bytes, shorter than the {ClipEnvelope.HeaderLength}-byte header (truncated, or not a clip envelope)");
        }
        if (!header.AsSpan(0, 8).SequenceEqual(ClipEnvelope.Magic))
        {
            throw Header(0, $"not an Onboard clip envelope: magic is {Printable(header.AsSpan(0, 8))}, expected ONBDCLIP");
        }
        if (header[ClipEnvelope.VersionOffset] != ClipEnvelope.Version)
        {
            throw Header(ClipEnvelope.VersionOffset, $"envelope version {header[ClipEnvelope.VersionOffset]} is not supported (this reader knows {ClipEnvelope.Version})");
        }
        if (header[ClipEnvelope.SuiteOffset] != ClipEnvelope.Suite)
        {
            throw Header(ClipEnvelope.SuiteOffset, $"cipher suite {header[ClipEnvelope.SuiteOffset]} is not supported (this reader knows {ClipEnvelope.Suite})");
        }
        int headerLength = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(ClipEnvelope.HeaderLengthOffset));
        if (headerLength != ClipEnvelope.HeaderLength)
        {
            throw Header(ClipEnvelope.HeaderLengthOffset, $"header length {headerLength}, expected {ClipEnvelope.HeaderLength} for version {ClipEnvelope.Version}");
        }
        uint segmentSize = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(ClipEnvelope.SegmentSizeOffset));
        if (segmentSize is < ClipEnvelope.MinSegmentSize or > ClipEnvelope.MaxSegmentSize)
        {
            throw Header(ClipEnvelope.SegmentSizeOffset, $"segment size {segmentSize} is outside {ClipEnvelope.MinSegmentSize}..{ClipEnvelope.MaxSegmentSize}");
        }
        ReadOnlySpan<byte> keyId = header.AsSpan(ClipEnvelope.KeyIdOffset, ClipEnvelope.KeyIdSize);
        if (!keyId.SequenceEqual(key.KeyId))
        {
            throw Header(ClipEnvelope.KeyIdOffset, $"sealed for key id {Convert.ToHexStringLower(keyId)}, but the given key's id is " +
                $"{Convert.ToHexStringLower(key.KeyId)} (another cloud key, or an altered header)");
        }
        return (int)segmentSize;
    }

    private static AesGcm Unwrap(byte[] header, CloudPrivateKey key)
    {
        ReadOnlySpan<byte> point = header.AsSpan(ClipEnvelope.EphemeralKeyOffset, ClipEnvelope.PointSize);
        if (point[0] != 0x04)
        {
            throw Header(ClipEnvelope.EphemeralKeyOffset, $"the ephemeral key is not an uncompressed SEC1 point (first byte 0x{point[0]:x2}, expected 0x04)");
        }
        byte[] shared;
        try
        {
            using var ephemeral = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point.Slice(1, 32).ToArray(), Y = point.Slice(33, 32).ToArray() },
            });
            shared = key.Key.DeriveRawSecretAgreement(ephemeral.PublicKey);
        }
        catch (CryptographicException e)
        {
            throw Header(ClipEnvelope.EphemeralKeyOffset, $"the ephemeral key is not a valid P-256 point ({e.Message})");
        }
        byte[] wrapKey = ClipEnvelope.DeriveWrapKey(shared);
        byte[] dataKey = new byte[ClipEnvelope.KeySize];
        try
        {
            using var wrap = new AesGcm(wrapKey, ClipEnvelope.TagSize);
            wrap.Decrypt(header.AsSpan(ClipEnvelope.WrapNonceOffset, ClipEnvelope.NonceSize), header.AsSpan(ClipEnvelope.WrappedKeyOffset, ClipEnvelope.KeySize),
                header.AsSpan(ClipEnvelope.WrapTagOffset, ClipEnvelope.TagSize), dataKey, header.AsSpan(0, ClipEnvelope.WrapNonceOffset));
            return new AesGcm(dataKey, ClipEnvelope.TagSize);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Header(ClipEnvelope.WrapNonceOffset, "the data key does not unwrap: the header was altered");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static int ReadFull(Stream input, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = input.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }

    private static EnvelopeException Header(long offset, string message) => new("header", offset, message);

    private static EnvelopeException Failure(uint index, long offset, string message) =>
        new($"segment {index}", offset, message) { Segment = index };

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var s = new StringBuilder();
        foreach (byte b in bytes)
        {
            s.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        }
        return s.ToString();
    }
}
