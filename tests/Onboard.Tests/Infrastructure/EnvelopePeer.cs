namespace Onboard.Tests.Infrastructure;

/// <summary>The cloud's reader in Python (Peers/envelope_decrypt.py: Debian's python3-cryptography, following only the envelope README).</summary>
public static class EnvelopePeer
{
    /// <summary>Decrypts <paramref name="envelope"/> with the cloud's private key into <paramref name="output"/>; fails the test when it cannot.</summary>
    public static void Decrypt(string envelope, string privateKey, string output)
    {
        using var python = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("envelope_decrypt.py"), envelope, privateKey, output);
        string? line = python.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(60)), "envelope_decrypt.py did not exit");
        Assert.True(python.ExitCode == 0, $"python reader failed on {envelope}: {line} {python.StandardError}");
    }
}
