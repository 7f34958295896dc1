using System.Security.Cryptography;

namespace Onboard.Runtime.Upload.Envelope;

/// <summary>The cloud's EC P-256 private key (PEM <c>EC PRIVATE KEY</c> from <c>openssl ecparam -genkey</c>, or PKCS#8), for decrypting clips.</summary>
public sealed class CloudPrivateKey : IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private CloudPrivateKey(ECDiffieHellman key)
    {
        Key = key;
        KeyId = SHA256.HashData(key.ExportSubjectPublicKeyInfo());
    }

    internal ECDiffieHellman Key { get; }

    /// <summary>SHA-256 of the public half's DER SubjectPublicKeyInfo, as in every envelope header sealed for it.</summary>
    public byte[] KeyId { get; }

    public static CloudPrivateKey Load(string path)
    {
        string pem = CloudPublicKey.ReadPem(path, "the cloud private key");
        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new CryptographicException($"{path}: the private key is password-protected; give an unencrypted PEM (openssl ec -in KEY -out PLAIN)");
        }
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportFromPem(pem);
            // A PEM holding only a public key imports too; exporting the private scalar tells them apart.
            _ = key.ExportParameters(true);
            RequireP256(key, path);
            return new CloudPrivateKey(key);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            key.Dispose();
            throw new CryptographicException($"{path}: not an EC private key in PEM (openssl ecparam -name prime256v1 -genkey -noout): {e.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    internal static void RequireP256(ECDiffieHellman key, string source)
    {
        ECCurve curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != P256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "prime256v1"))
        {
            throw new CryptographicException($"{source}: the key is on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(explicit)"}, expected P-256 (prime256v1)");
        }
    }

    public void Dispose() => Key.Dispose();
}
