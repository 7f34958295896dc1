using System.Security.Cryptography;
using Onboard.Runtime.Upload.Envelope;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Envelope;

public sealed class ClipEnvelopeTests : IDisposable
{
    private const int Segment = 1024;
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly CloudPublicKey _public;
    private readonly CloudPrivateKey _private;

    public ClipEnvelopeTests()
    {
        _public = CloudPublicKey.Load(_keys.PublicKey);
        _private = CloudPrivateKey.Load(_keys.PrivateKey);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Segment - 1)]
    [InlineData(Segment)]
    [InlineData(Segment + 1)]
    [InlineData(3 * Segment)]
    [InlineData((5 * Segment) + 17)]
    public void Decrypt_SealedClip_ReturnsThePlaintextAndMatchingSummary(int length)
    {
        byte[] plain = RandomBytes(length, seed: length);
        byte[] sealedClip = Seal(plain, out EnvelopeSummary sealing);
        Assert.Equal(ClipEnvelope.CiphertextLength(length, Segment), sealedClip.Length);

        var output = new MemoryStream();
        EnvelopeSummary opened = ClipDecryptor.Decrypt(new MemoryStream(sealedClip), output, _private);

        Assert.Equal(plain, output.ToArray());
        Assert.Equal(sealing, opened);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plain)), opened.PlaintextSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sealedClip)), opened.CiphertextSha256);
    }

    [Fact]
    public void Seal_SameClipTwice_GivesDifferentEnvelopes()
    {
        byte[] plain = RandomBytes(3000, seed: 1);
        Assert.NotEqual(Seal(plain, out _), Seal(plain, out _));
    }

    [Theory]
    [InlineData(0)]      // magic
    [InlineData(9)]      // suite
    [InlineData(13)]     // segment size
    [InlineData(20)]     // nonce prefix
    [InlineData(30)]     // key id
    [InlineData(80)]     // ephemeral key
    [InlineData(125)]    // wrap nonce
    [InlineData(140)]    // wrapped key
    [InlineData(170)]    // wrap tag
    public void Decrypt_AnyHeaderByteChanged_FailsNamingTheHeader(int offset)
    {
        byte[] sealedClip = Seal(RandomBytes(4000, seed: 2), out _);
        sealedClip[offset] ^= 0x01;
        EnvelopeException e = Assert.Throws<EnvelopeException>(() => Open(sealedClip));
        Assert.Equal("header", e.Where);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Decrypt_OneSegmentByteChanged_FailsNamingThatSegment(int segment)
    {
        byte[] sealedClip = Seal(RandomBytes((4 * Segment) + 100, seed: 3), out _);
        sealedClip[ClipEnvelope.HeaderLength + (segment * (Segment + 16)) + 7] ^= 0x80;
        EnvelopeException e = Assert.Throws<EnvelopeException>(() => Open(sealedClip));
        Assert.Equal($"segment {segment}", e.Where);
        Assert.Equal(ClipEnvelope.HeaderLength + (segment * (Segment + 16)), e.Offset);
    }

    [Fact]
    public void Decrypt_TwoSegmentsSwapped_FailsAtTheFirstOfThem()
    {
        byte[] sealedClip = Seal(RandomBytes(4 * Segment, seed: 4), out _);
        int stride = Segment + 16;
        byte[] a = sealedClip.AsSpan(ClipEnvelope.HeaderLength + stride, stride).ToArray();
        sealedClip.AsSpan(ClipEnvelope.HeaderLength + (2 * stride), stride).CopyTo(sealedClip.AsSpan(ClipEnvelope.HeaderLength + stride));
        a.CopyTo(sealedClip.AsSpan(ClipEnvelope.HeaderLength + (2 * stride)));
        Assert.Equal("segment 1", Assert.Throws<EnvelopeException>(() => Open(sealedClip)).Where);
    }

    [Fact]
    public void Decrypt_SegmentDropped_FailsAtTheGap()
    {
        byte[] sealedClip = Seal(RandomBytes(4 * Segment, seed: 5), out _);
        int stride = Segment + 16;
        byte[] dropped = [.. sealedClip.AsSpan(0, ClipEnvelope.HeaderLength + stride), .. sealedClip.AsSpan(ClipEnvelope.HeaderLength + (2 * stride))];
        Assert.Equal("segment 1", Assert.Throws<EnvelopeException>(() => Open(dropped)).Where);
    }

    [Theory]
    [InlineData(1)]   // cut after segment 1, at a boundary: segment 1 was not sealed as final
    [InlineData(2)]
    public void Decrypt_TruncatedAtASegmentBoundary_FailsAtTheNewLastSegment(int keptSegments)
    {
        byte[] sealedClip = Seal(RandomBytes((3 * Segment) + 10, seed: 6), out _);
        byte[] cut = sealedClip.AsSpan(0, ClipEnvelope.HeaderLength + (keptSegments * (Segment + 16))).ToArray();
        Assert.Equal($"segment {keptSegments - 1}", Assert.Throws<EnvelopeException>(() => Open(cut)).Where);
    }

    [Fact]
    public void Decrypt_TruncatedInsideTheLastSegmentOrAppendedTo_Fails()
    {
        byte[] sealedClip = Seal(RandomBytes((2 * Segment) + 300, seed: 7), out _);
        Assert.Equal("segment 2", Assert.Throws<EnvelopeException>(() => Open(sealedClip.AsSpan(0, sealedClip.Length - 5).ToArray())).Where);
        Assert.Equal("segment 2", Assert.Throws<EnvelopeException>(() => Open([.. sealedClip, 0])).Where);
        Assert.Equal("segment 0", Assert.Throws<EnvelopeException>(() => Open(sealedClip.AsSpan(0, ClipEnvelope.HeaderLength).ToArray())).Where);
        Assert.Equal("header", Assert.Throws<EnvelopeException>(() => Open(sealedClip.AsSpan(0, 100).ToArray())).Where);
    }

    [Fact]
    public void Decrypt_WithAnotherCloudKey_FailsNamingTheKeyId()
    {
        byte[] sealedClip = Seal(RandomBytes(100, seed: 8), out _);
        using CloudKeyFiles other = CloudKeyFiles.Generate();
        using CloudPrivateKey otherKey = CloudPrivateKey.Load(other.PrivateKey);
        EnvelopeException e = Assert.Throws<EnvelopeException>(() => ClipDecryptor.Decrypt(new MemoryStream(sealedClip), new MemoryStream(), otherKey));
        Assert.Equal(ClipEnvelope.KeyIdOffset, e.Offset);
        Assert.Contains(_public.KeyIdHex, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPublicKey_PemHoldingAPrivateKey_IsRefused()
    {
        CryptographicException e = Assert.Throws<CryptographicException>(() => CloudPublicKey.Load(_keys.PrivateKey));
        Assert.Contains("private key", e.Message, StringComparison.Ordinal);
        Assert.Contains("public key", e.Message, StringComparison.Ordinal);
        // Also when the private key is hidden after a public one in the same file.
        string both = File.ReadAllText(_keys.PublicKey) + File.ReadAllText(_keys.PrivateKey);
        Assert.Throws<CryptographicException>(() => CloudPublicKey.FromPem(both));
    }

    [Fact]
    public void KeyId_IsTheSha256OfTheSubjectPublicKeyInfo_OnBothSides()
    {
        byte[] der = PemEncoding.Find(File.ReadAllText(_keys.PublicKey)) is var f ? Convert.FromBase64String(File.ReadAllText(_keys.PublicKey)[f.Base64Data]) : [];
        Assert.Equal(SHA256.HashData(der), _public.KeyId);
        Assert.Equal(_public.KeyId, _private.KeyId);
    }

    [Fact]
    public void Encrypt_LargeClip_AllocatesFarLessThanTheClip()
    {
        using var dir = new TempDirectory();
        string input = dir.File("big.mcap");
        using (var f = File.Create(input))
        {
            byte[] chunk = RandomBytes(1 << 20, seed: 9);
            for (int i = 0; i < 32; i++)
            {
                f.Write(chunk);
            }
        }
        using (var warm = new MemoryStream())
        {
            ClipEncryptingStream.Encrypt(new MemoryStream(new byte[10]), warm, _public);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var source = File.OpenRead(input))
        using (var output = File.Create(dir.File("big.mcap.enc")))
        {
            ClipEncryptingStream.Encrypt(source, output, _public);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4 << 20, $"encrypting a 32 MiB clip allocated {allocated} bytes");
        using var check = File.Create(dir.File("big.out"));
        ClipDecryptor.Decrypt(File.OpenRead(dir.File("big.mcap.enc")), check, _private);
        Assert.Equal(new FileInfo(input).Length, check.Length);
    }

    private byte[] Seal(byte[] plain, out EnvelopeSummary summary)
    {
        var output = new MemoryStream();
        using (var sealing = new ClipEncryptingStream(output, _public, Segment, leaveOpen: true))
        {
            // Odd write sizes: segment boundaries must not depend on how the writer slices its data.
            for (int i = 0; i < plain.Length; i += 333)
            {
                sealing.Write(plain.AsSpan(i, Math.Min(333, plain.Length - i)));
            }
            summary = sealing.Complete();
        }
        return output.ToArray();
    }

    private void Open(byte[] sealedClip) => ClipDecryptor.Decrypt(new MemoryStream(sealedClip), new MemoryStream(), _private);

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        _public.Dispose();
        _private.Dispose();
        _keys.Dispose();
    }
}
