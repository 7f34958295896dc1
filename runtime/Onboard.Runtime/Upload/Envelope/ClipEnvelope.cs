using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Onboard.Runtime.Upload.Envelope;

/// <summary>
/// The clip envelope's layout, version 1 (byte by byte in <c>runtime/Onboard.Runtime/Upload/README.md</c>; a
/// reader in another language follows that page, so a change here is a change there and a new version).
/// All integers are big-endian. The header is <see cref="HeaderLength"/> bytes; segment <c>i</c> follows at
/// <c>HeaderLength + i × (segmentSize + 16)</c>: AES-256-GCM ciphertext then its 16-byte tag.
/// </summary>
internal static class ClipEnvelope
{
    /// <summary>ASCII <c>ONBDCLIP</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "ONBDCLIP"u8;

    public const byte Version = 1;
    /// <summary>Suite 1: P-256 ECDH → HKDF-SHA256 → AES-256-GCM key wrap; AES-256-GCM segments.</summary>
    public const byte Suite = 1;

    public const int DefaultSegmentSize = 1 << 20;
    public const int MinSegmentSize = 1 << 10;
    public const int MaxSegmentSize = 64 << 20;

    public const int KeySize = 32;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int NoncePrefixSize = 8;
    public const int KeyIdSize = 32;
    public const int PointSize = 65;

    // Field offsets. The wrap's associated data is everything before WrapNonceOffset.
    public const int VersionOffset = 8;
    public const int SuiteOffset = 9;
    public const int HeaderLengthOffset = 10;
    public const int SegmentSizeOffset = 12;
    public const int NoncePrefixOffset = 16;
    public const int KeyIdOffset = 24;
    public const int EphemeralKeyOffset = 56;
    public const int WrapNonceOffset = 121;
    public const int WrappedKeyOffset = 133;
    public const int WrapTagOffset = 165;
    public const int HeaderLength = 181;

    /// <summary>Segment associated data: SHA-256(header) ‖ uint32 index ‖ uint8 final.</summary>
    public const int SegmentAadSize = 32 + 4 + 1;

    /// <summary>The HKDF-SHA256 info string of the key wrap (no salt: RFC 5869's all-zero default).</summary>
    public const string HkdfInfo = "onboard clip envelope v1 data key wrap";

    internal static byte[] HkdfInfoBytes { get; } = Encoding.ASCII.GetBytes(HkdfInfo);

    /// <summary>Number of segments for <paramref name="plaintextLength"/> bytes: at least one (an empty clip has one empty final segment).</summary>
    public static long SegmentCount(long plaintextLength, int segmentSize = DefaultSegmentSize) =>
        plaintextLength == 0 ? 1 : (plaintextLength + segmentSize - 1) / segmentSize;

    /// <summary>The envelope's exact size for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static long CiphertextLength(long plaintextLength, int segmentSize = DefaultSegmentSize) =>
        HeaderLength + plaintextLength + (TagSize * SegmentCount(plaintextLength, segmentSize));

    /// <summary>Segment <paramref name="index"/>'s nonce: the header's random prefix ‖ uint32 index.</summary>
    internal static void SegmentNonce(ReadOnlySpan<byte> prefix, uint index, Span<byte> nonce)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixSize..], index);
    }

    internal static void SegmentAad(ReadOnlySpan<byte> headerHash, uint index, bool final, Span<byte> aad)
    {
        headerHash.CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[32..], index);
        aad[36] = final ? (byte)1 : (byte)0;
    }

    /// <summary>The key encryption key: HKDF-SHA256(ECDH shared x-coordinate, no salt, <see cref="HkdfInfo"/>).</summary>
    internal static byte[] DeriveWrapKey(byte[] sharedSecret)
    {
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, KeySize, salt: [], info: HkdfInfoBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }
}
