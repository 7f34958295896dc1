using System.Text.Json;
using Onboard.Runtime.Upload.Envelope;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Envelope;

/// <summary>The envelope as other tools see it: keys from the openssl CLI, a Python reader written from the README only, the CLI.</summary>
public sealed class EnvelopePeerTests
{
    [Fact]
    public void PythonReader_FollowingOnlyTheReadme_DecryptsAClipSealedForAnOpensslKey()
    {
        using CloudKeyFiles keys = CloudKeyFiles.WithOpenssl();
        using var dir = new TempDirectory();
        byte[] plain = ClipEnvelopeTests.RandomBytes((3 << 20) + 12345, seed: 11);
        File.WriteAllBytes(dir.File("clip.mcap"), plain);
        EnvelopeSummary sealing = SealFile(keys, dir.File("clip.mcap"), dir.File("clip.mcap.enc"));

        using var python = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("envelope_decrypt.py"), dir.File("clip.mcap.enc"), keys.PrivateKey, dir.File("py.mcap"));
        string? line = python.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.True(python.ExitCode == 0, $"python reader failed: {line} {python.StandardError}");
        using JsonDocument result = JsonDocument.Parse(line!);
        Assert.Equal(4, result.RootElement.GetProperty("segments").GetInt32());
        Assert.Equal(sealing.PlaintextSha256, result.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(plain, File.ReadAllBytes(dir.File("py.mcap")));
    }

    [Fact]
    public void PythonReader_AlteredSegment_NamesTheSameSegmentAsOurs()
    {
        using CloudKeyFiles keys = CloudKeyFiles.Generate();
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("clip.mcap"), ClipEnvelopeTests.RandomBytes((2 << 20) + 5, seed: 12));
        SealFile(keys, dir.File("clip.mcap"), dir.File("clip.mcap.enc"));
        byte[] altered = File.ReadAllBytes(dir.File("clip.mcap.enc"));
        altered[ClipEnvelope.HeaderLength + (1 << 20) + 16 + 99] ^= 1;
        File.WriteAllBytes(dir.File("clip.mcap.enc"), altered);

        using var python = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("envelope_decrypt.py"), dir.File("clip.mcap.enc"), keys.PrivateKey, dir.File("py.mcap"));
        string? line = python.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, python.ExitCode);
        Assert.Contains("segment 1", line, StringComparison.Ordinal);
        var (code, _, error) = OnboardCli.Run("clip", "decrypt", dir.File("clip.mcap.enc"), "--key", keys.PrivateKey, "--output", dir.File("cs.mcap"));
        Assert.Equal(3, code);
        Assert.Contains("segment 1 (byte offset", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("cs.mcap")), "an altered clip must leave no output");
    }

    [Fact]
    public void ClipDecryptCommand_OpensslKeys_WritesThePlaintext()
    {
        using CloudKeyFiles keys = CloudKeyFiles.WithOpenssl();
        using var dir = new TempDirectory();
        byte[] plain = ClipEnvelopeTests.RandomBytes(2_500_000, seed: 13);
        File.WriteAllBytes(dir.File("clip.mcap"), plain);
        SealFile(keys, dir.File("clip.mcap"), dir.File("clip.mcap.enc"));

        var (code, output, error) = OnboardCli.Run("clip", "decrypt", dir.File("clip.mcap.enc"), "--key", keys.PrivateKey, "--output", dir.File("out.mcap"));
        Assert.True(code == 0, error);
        Assert.Contains("2500000 bytes", output, StringComparison.Ordinal);
        Assert.Equal(plain, File.ReadAllBytes(dir.File("out.mcap")));
    }

    [Fact]
    public void ClipDecryptCommand_PublicKeyGivenAsTheKey_IsRefusedClearly()
    {
        using CloudKeyFiles keys = CloudKeyFiles.Generate();
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("clip.mcap"), [1, 2, 3]);
        SealFile(keys, dir.File("clip.mcap"), dir.File("clip.mcap.enc"));
        var (code, _, error) = OnboardCli.Run("clip", "decrypt", dir.File("clip.mcap.enc"), "--key", keys.PublicKey, "--output", dir.File("out.mcap"));
        Assert.Equal(2, code);
        Assert.Contains("not an EC private key", error, StringComparison.Ordinal);
    }

    internal static EnvelopeSummary SealFile(CloudKeyFiles keys, string input, string output)
    {
        using CloudPublicKey key = CloudPublicKey.Load(keys.PublicKey);
        using var source = File.OpenRead(input);
        using var destination = File.Create(output);
        return ClipEncryptingStream.Encrypt(source, destination, key);
    }
}
