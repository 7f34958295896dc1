using System.Security.Cryptography;

namespace Onboard.Models.Manifests;

/// <summary>
/// The fleet signature: ECDSA P-256 with SHA-256 over the manifest file's exact bytes, stored detached
/// next to it as base64 of the DER (RFC 3279) signature. The manifest carries the model's SHA-256, so a
/// valid signature over the manifest vouches for the model file too.
/// </summary>
public static class ManifestSignature
{
    /// <summary>Signs <paramref name="manifestBytes"/>; returns the base64 text to write to the <c>.sig</c> file.</summary>
    public static string Sign(ReadOnlySpan<byte> manifestBytes, ECDsa key) =>
        Convert.ToBase64String(key.SignData(manifestBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>
    /// Verifies <paramref name="signatureText"/> (base64 DER) over <paramref name="manifestBytes"/> with the
    /// public key in <paramref name="publicKeyPem"/> (SubjectPublicKeyInfo PEM). Returns null when it verifies,
    /// else the reason.
    /// </summary>
    public static string? Verify(ReadOnlySpan<byte> manifestBytes, string signatureText, string publicKeyPem)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (ArgumentException e)
        {
            return "the configured public key is not a PEM ECDSA key: " + e.Message;
        }
        if (key.KeySize != 256)
        {
            return $"the configured public key is {key.KeySize}-bit; the fleet key is P-256";
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureText.Trim());
        }
        catch (FormatException)
        {
            return "the signature file is not base64";
        }
        return key.VerifyData(manifestBytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? null
            : "does not verify against the configured fleet key (manifest modified, or signed by another key)";
    }

    /// <summary>PEM of a key's public half, the form the runtime's configuration holds.</summary>
    public static string PublicKeyPem(ECDsa key) =>
        new string(PemEncoding.Write("PUBLIC KEY", key.ExportSubjectPublicKeyInfo()));
}
