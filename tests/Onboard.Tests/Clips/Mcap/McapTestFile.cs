using Google.Protobuf;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Tests.Clips.Mcap;

/// <summary>
/// A file written with our writer for the readers to check: a protobuf channel of thousands of small DetectionLists,
/// a channel of JPEG-sized incompressible payloads, a channel of messages each larger than a chunk, a channel that
/// never gets a message, and a <c>lineage</c> metadata record. Log times are strictly increasing per channel, so every
/// reader's order within a channel is the write order.
/// </summary>
internal static class McapTestFile
{
    public const int Detections = 2500;
    public const int Images = 300;
    public const int Large = 3;
    public const int ChunkSize = 1024 * 1024;

    public static readonly Dictionary<string, string> Lineage = new()
    {
        ["vehicle_id"] = "test-vehicle",
        ["software_version"] = "0.1.0",
        ["trigger_ids"] = "low-conf,manual",
    };

    public static McapDigests Write(string path, McapCompression compression, int chunkSize = ChunkSize)
    {
        var expected = new McapDigests();
        using var stream = File.Create(path);
        using var writer = new McapWriter(stream, new McapWriterOptions { Compression = compression, ChunkSize = chunkSize });
        ushort detectionSchema = McapProtobufSchema.AddTo(writer, DetectionList.Descriptor);
        ushort detections = writer.AddChannel(detectionSchema, "/front/detections", "protobuf");
        ushort raw = writer.AddSchema("raw", "", []);
        ushort images = writer.AddChannel(0, "/front/image_raw", "application/octet-stream",
            new Dictionary<string, string> { ["camera"] = "front" });
        ushort large = writer.AddChannel(raw, "/large", "application/octet-stream");
        _ = writer.AddChannel(detectionSchema, "/front/shadow", "protobuf");

        var random = new Random(12);
        ulong t0 = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z in ns
        int image = 0, big = 0;
        for (int i = 0; i < Detections; i++)
        {
            ulong time = t0 + (ulong)i * 33_333_333;
            var list = new DetectionList
            {
                Header = new FrameHeader { CameraId = "front", Sequence = (ulong)i, CaptureUtcNs = (long)time },
                ImageWidth = 1280,
                ImageHeight = 720,
            };
            for (int d = 0; d < i % 7; d++)
            {
                list.Detections.Add(new Detection { X1 = d, Y1 = 2 * d, X2 = 100 + d, Y2 = 90 + d, Score = 0.5f + d / 20f, ClassId = d, ClassName = "sign" });
            }
            writer.WriteMessage(detections, (uint)i, time, time + 5_000_000, list);
            expected.Add("/front/detections", (uint)i, time, time + 5_000_000, list.ToByteArray());

            if (i % (Detections / Images) == 0 && image < Images)
            {
                var payload = new byte[random.Next(20_000, 200_000)];
                random.NextBytes(payload);
                writer.WriteMessage(images, (uint)image, time, time, payload);
                expected.Add("/front/image_raw", (uint)image, time, time, payload);
                image++;
            }
            if (i % (Detections / Large) == 7 && big < Large)
            {
                var payload = new byte[chunkSize * 5 / 2 + big];
                random.NextBytes(payload.AsSpan(0, payload.Length / 2)); // half noise, half zeros: compressible
                writer.WriteMessage(large, (uint)big, time + 1, time + 2, payload);
                expected.Add("/large", (uint)big, time + 1, time + 2, payload);
                big++;
            }
        }
        writer.WriteMetadata("lineage", Lineage);
        writer.Finish();
        return expected;
    }
}
