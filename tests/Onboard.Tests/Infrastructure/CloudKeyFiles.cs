using System.Security.Cryptography;

namespace Onboard.Tests.Infrastructure;

/// <summary>A cloud key pair as PEM files (<c>cloud.key</c>, <c>cloud.pub.pem</c>) in a temp directory: made by the openssl CLI, or by the BCL for speed.</summary>
public sealed class CloudKeyFiles : IDisposable
{
    private readonly TempDirectory _dir = new();

    private CloudKeyFiles()
    {
    }

    public string PrivateKey => _dir.File("cloud.key");
    public string PublicKey => _dir.File("cloud.pub.pem");

    /// <summary>The README's commands: <c>openssl ecparam -name prime256v1 -genkey -noout</c>, then <c>openssl ec -pubout</c>.</summary>
    public static CloudKeyFiles WithOpenssl()
    {
        var keys = new CloudKeyFiles();
        Openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", keys.PrivateKey);
        Openssl("ec", "-in", keys.PrivateKey, "-pubout", "-out", keys.PublicKey);
        return keys;
    }

    public static CloudKeyFiles Generate()
    {
        var keys = new CloudKeyFiles();
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(keys.PrivateKey, key.ExportECPrivateKeyPem());
        File.WriteAllText(keys.PublicKey, key.ExportSubjectPublicKeyInfoPem());
        return keys;
    }

    public static void Openssl(params string[] arguments)
    {
        using var openssl = new PeerProcess("openssl", arguments);
        Assert.True(openssl.WaitForExit(TimeSpan.FromSeconds(30)), "openssl did not exit");
        Assert.True(openssl.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {openssl.StandardError}");
    }

    public void Dispose() => _dir.Dispose();
}
