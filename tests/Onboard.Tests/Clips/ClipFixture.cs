using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips;

/// <summary>
/// A two-camera clip written through <see cref="ClipWriter"/> into an <see cref="AtomicFile"/>: real JPEGs (made by
/// Debian's OpenCV), annotations from the detections, detections, shadow (front), ground truth (rear), two trigger
/// events and the lineage. DetectionList stands in for the ground-truth and trigger message types, which other
/// issues define: any protobuf type goes through the same calls.
/// </summary>
internal sealed class ClipFixture
{
    public const int Frames = 30;
    public const long T0 = 1_767_225_600_000_000_000;
    public const long Period = 33_333_333;

    public static readonly ClipLineage Lineage = new()
    {
        ClipId = "clip-0001",
        VehicleId = "veh-7",
        SoftwareVersion = "0.1.0",
        ConfigHash = "c0ffee",
        Models = [new ClipModelLineage("signs", "synthetic-signs", "1.0.0", new string('a', 64), "CPUExecutionProvider")],
        TriggerIds = ["low-conf", "manual"],
        StartUtcNs = T0,
        EndUtcNs = T0 + (Frames - 1) * Period,
    };

    public required string Path { get; init; }

    /// <summary>The JPEG written for each frame (front uses images[i % 3], rear the larger one).</summary>
    public required byte[][] Jpegs { get; init; }

    public static ClipFixture Write(TempDirectory dir, McapCompression compression = McapCompression.Zstd)
    {
        byte[][] jpegs = MakeJpegs(dir);
        string path = dir.File("clip-0001.mcap");
        using (var file = AtomicFile.Create(path))
        {
            using (var clip = new ClipWriter(file.Stream, new McapWriterOptions { Compression = compression, ChunkSize = 256 * 1024, LeaveOpen = true }))
            {
                var front = clip.Camera("front");
                var rear = clip.Camera("rear");
                for (int i = 0; i < Frames; i++)
                {
                    long t = T0 + i * Period;
                    var detections = Detections("front", i, t);
                    var boxes = detections.Detections.Select(ClipBox.From).ToArray();
                    clip.WriteImage(front, t, (uint)i, jpegs[i % 3]);
                    clip.WriteAnnotations(front, t, (uint)i, boxes);
                    clip.WriteDetections(front, detections);
                    clip.WriteShadow(front, Detections("front", i, t, shadow: true));
                    clip.WriteImage(rear, t + 1000, (uint)i, jpegs[3]);
                    clip.Write(rear, ClipTopics.GroundTruth, t + 1000, (uint)i, Detections("rear", i, t + 1000));
                    if (i is 10 or 20)
                    {
                        clip.WriteTrigger(t, Detections("front", i, t));
                    }
                }
                clip.WriteLineage(Lineage);
                clip.Finish();
            }
            file.Commit();
        }
        return new ClipFixture { Path = path, Jpegs = jpegs };
    }

    public static DetectionList Detections(string camera, int frame, long utcNs, bool shadow = false)
    {
        var list = new DetectionList
        {
            Header = new FrameHeader { CameraId = camera, Sequence = (ulong)frame, CaptureUtcNs = utcNs, ModelId = shadow ? "shadow" : "signs" },
            ImageWidth = 320,
            ImageHeight = 240,
        };
        for (int d = 0; d < 1 + frame % 3; d++)
        {
            list.Detections.Add(new Detection { X1 = 10 + 40 * d, Y1 = 20 + frame, X2 = 40 + 40 * d, Y2 = 60 + frame, Score = 0.9f - d * 0.1f, ClassId = d, ClassName = "sign" });
        }
        return list;
    }

    /// <summary>Three 320×240 JPEGs of different colours and a 640×360 one, encoded by Debian's OpenCV.</summary>
    private static byte[][] MakeJpegs(TempDirectory dir)
    {
        const string script = """
            import sys, cv2, numpy as np
            for i, (w, h) in enumerate([(320, 240)] * 3 + [(640, 360)]):
                img = np.zeros((h, w, 3), np.uint8)
                img[:, :] = (40 * i, 255 - 60 * i, 90)
                cv2.rectangle(img, (20, 20), (w // 2, h // 2), (255, 255, 255), -1)
                cv2.imwrite(f"{sys.argv[1]}/frame{i}.jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
            """;
        using var python = new PeerProcess(PeerProcess.Python, "-c", script, dir.Path);
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(60)), "python did not exit");
        Assert.True(python.ExitCode == 0, python.StandardError);
        return Enumerable.Range(0, 4).Select(i => File.ReadAllBytes(dir.File($"frame{i}.jpg"))).ToArray();
    }
}
