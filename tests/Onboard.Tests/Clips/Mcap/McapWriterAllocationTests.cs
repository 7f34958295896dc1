using Onboard.Runtime.Clips.Mcap;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips.Mcap;

public sealed class McapWriterAllocationTests
{
    [Fact]
    public void McapWriter_JpegSizedMessagesInSteadyState_AllocatesNothing()
    {
        foreach (var compression in new[] { McapCompression.None, McapCompression.Zstd, McapCompression.Lz4 })
        {
            using var writer = new McapWriter(Stream.Null, new McapWriterOptions { Compression = compression, ChunkSize = 1024 * 1024 });
            ushort channel = writer.AddChannel(0, "/front/image", "protobuf");
            var payload = new byte[150_000];
            new Random(1).NextBytes(payload);
            ulong t = 0;
            // 20 calls cross two chunk closes (compression, CRC, message indexes, chunk index) per window.
            long bytes = Allocations.InSteadyState(() => writer.WriteMessage(channel, 0, t, t++, payload), warmup: 200, calls: 20);
            Assert.True(bytes == 0, $"{compression}: {bytes} bytes allocated over 20 messages");
        }
    }
}
