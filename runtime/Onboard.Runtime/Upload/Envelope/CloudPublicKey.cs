using System.Security.Cryptography;

namespace Onboard.Runtime.Upload.Envelope;

/// <summary>
/// The cloud's EC P-256 public key, the only key a vehicle holds. Its id (<see cref="KeyId"/>) is the SHA-256 of its
/// DER SubjectPublicKeyInfo (named curve, uncompressed point: the bytes of <c>openssl ec -pubout -outform DER</c>), so the
/// cloud can tell which of its keys a clip was sealed for when keys rotate.
/// </summary>
internal sealed class CloudPublicKey : IDisposable
{
    private readonly ECDiffieHellman _key;

    private CloudPublicKey(ECDiffieHellman key)
    {
        _key = key;
        KeyId = SHA256.HashData(key.ExportSubjectPublicKeyInfo());
    }

    public byte[] KeyId { get; }

    public string KeyIdHex => Convert.ToHexStringLower(KeyId);

    internal ECDiffieHellmanPublicKey PublicKey => _key.PublicKey;

    /// <summary>
    /// Loads a PEM <c>PUBLIC KEY</c>. A PEM holding any private key is refused: a private key on the vehicle would let
    /// anyone with the vehicle's disk read every clip it ever sent.
    /// </summary>
    public static CloudPublicKey Load(string path)
    {
        return FromPem(ReadPem(path, "the cloud public key"), path);
    }

    internal static string ReadPem(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CryptographicException($"{path}: cannot read {what}: {e.Message}");
        }
    }

    public static CloudPublicKey FromPem(string pem, string source = "(pem)")
    {
        byte[]? spki = null;
        ReadOnlySpan<char> rest = pem;
        while (PemEncoding.TryFind(rest, out PemFields fields))
        {
            ReadOnlySpan<char> label = rest[fields.Label];
            if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                throw new CryptographicException(
                    $"{source} holds a private key ({label}); the vehicle must hold only the cloud's public key. " +
                    "Give the public half: openssl ec -in cloud.key -pubout -out cloud.pub.pem");
            }
            if (label.SequenceEqual("PUBLIC KEY") && spki is null)
            {
                spki = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            }
            rest = rest[fields.Location.End..];
        }
        if (spki is null)
        {
            throw new CryptographicException($"{source} holds no PEM PUBLIC KEY block (expected the output of openssl ec -pubout)");
        }
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out _);
            CloudPrivateKey.RequireP256(key, source);
            return new CloudPublicKey(key);
        }
        catch (CryptographicException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            key.Dispose();
            throw new CryptographicException($"{source}: not an EC public key: {e.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose() => _key.Dispose();
}
