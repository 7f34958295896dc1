using Foxglove;
using Google.Protobuf;
using Onboard.Runtime.Clips;

namespace Onboard.Tests.Clips;

public sealed class CompressedImageEncoderTests
{
    [Theory]
    [InlineData(1_767_225_600_123_456_789L, "front", 5000)]
    [InlineData(1_767_225_600_000_000_000L, "rear-left", 1)]
    [InlineData(999L, "", 0)]
    [InlineData(0L, "c", 300)]
    [InlineData(-1_500_000_000L, "front", 10)]
    public void CompressedImageEncoder_AnyFrame_SameBytesAsGoogleProtobuf(long utcNs, string frameId, int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var expected = new CompressedImage
        {
            Timestamp = ClipAnnotations.Timestamp(utcNs),
            FrameId = frameId,
            Data = ByteString.CopyFrom(data),
            Format = "jpeg",
        }.ToByteArray();

        var actual = new byte[CompressedImageEncoder.Size(utcNs, frameId, length, "jpeg")];
        CompressedImageEncoder.Write(actual, utcNs, frameId, data, "jpeg");

        Assert.Equal(expected, actual);
    }
}
