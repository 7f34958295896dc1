using System.Text;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// CURVE key handling (libzmq's <c>zmq_curve_keypair</c>, <c>zmq_curve_public</c>, Z85 codec). Debian's libzmq5
/// is built with libsodium, so CURVE is available; <see cref="IsAvailable"/> says so at run time.
/// </summary>
public static unsafe class ZmqCurve
{
    public const int KeyLength = 40;
    public const int BinaryKeyLength = 32;

    public static bool IsAvailable => LibZmq.Has("curve") != 0;

    public static ZmqCurveKeyPair GenerateKeyPair()
    {
        byte* publicKey = stackalloc byte[KeyLength + 1];
        byte* secretKey = stackalloc byte[KeyLength + 1];
        if (LibZmq.CurveKeypair(publicKey, secretKey) != 0)
        {
            throw new ZmqException("zmq_curve_keypair", LibZmq.Errno());
        }
        return new ZmqCurveKeyPair(Ascii(publicKey), Ascii(secretKey));
    }

    /// <summary>The public key belonging to <paramref name="secretKey"/>.</summary>
    public static string PublicKeyOf(string secretKey)
    {
        if (!IsValidKey(secretKey))
        {
            throw new ArgumentException("a CURVE secret key is 40 Z85 characters", nameof(secretKey));
        }
        byte* publicKey = stackalloc byte[KeyLength + 1];
        byte* secret = stackalloc byte[KeyLength + 1];
        WriteNulTerminated(secretKey, secret);
        if (LibZmq.CurvePublic(publicKey, secret) != 0)
        {
            throw new ZmqException("zmq_curve_public", LibZmq.Errno());
        }
        return Ascii(publicKey);
    }

    /// <summary>True for 40 characters of the Z85 alphabet that decode to a 32-byte key.</summary>
    public static bool IsValidKey(string? z85)
    {
        if (z85 is null || z85.Length != KeyLength)
        {
            return false;
        }
        Span<byte> binary = stackalloc byte[BinaryKeyLength];
        return TryDecode(z85, binary);
    }

    /// <summary>Decodes a 40-character Z85 key into 32 bytes; false when it is not valid Z85.</summary>
    public static bool TryDecode(string z85, Span<byte> binary)
    {
        if (z85.Length != KeyLength || binary.Length < BinaryKeyLength)
        {
            return false;
        }
        foreach (char c in z85)
        {
            // libzmq's decoder does not range-check its input; keep anything outside printable ASCII away from it.
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }
        byte* text = stackalloc byte[KeyLength + 1];
        WriteNulTerminated(z85, text);
        fixed (byte* destination = binary)
        {
            return LibZmq.Z85Decode(destination, text) != null;
        }
    }

    /// <summary>Encodes a 32-byte binary key as Z85.</summary>
    public static string Encode(ReadOnlySpan<byte> binary)
    {
        if (binary.Length != BinaryKeyLength)
        {
            throw new ArgumentException($"a CURVE key is {BinaryKeyLength} bytes, got {binary.Length}", nameof(binary));
        }
        byte* text = stackalloc byte[KeyLength + 1];
        fixed (byte* source = binary)
        {
            if (LibZmq.Z85Encode(text, source, (nuint)binary.Length) == null)
            {
                throw new ZmqException("zmq_z85_encode", LibZmq.Errno());
            }
        }
        return Ascii(text);
    }

    private static string Ascii(byte* nulTerminated) => Encoding.ASCII.GetString(nulTerminated, KeyLength);

    private static void WriteNulTerminated(string value, byte* destination)
    {
        for (int i = 0; i < KeyLength; i++)
        {
            destination[i] = (byte)value[i];
        }
        destination[KeyLength] = 0;
    }
}
