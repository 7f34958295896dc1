using System.Text.Json;
using Onboard.Tests.Clips.Mcap;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips;

/// <summary>A clip from <c>ClipWriter</c>, read by @mcap/core and decoded by Python: protobuf through _pb2 modules
/// Debian's protoc made from the .proto files and through the schemas the file carries, JPEGs through OpenCV.</summary>
public sealed class ClipWriterInteropTests
{
    [Fact]
    public void Write_TwoCameraClip_McapCoreFindsEveryChannelAndCount()
    {
        using var dir = new TempDirectory();
        var clip = ClipFixture.Write(dir);

        var indexed = McapPeer.Read(clip.Path).GetProperty("indexed");
        Assert.True(indexed.GetProperty("ok").GetBoolean(), indexed.ToString());
        var channels = indexed.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("topic").GetString()!);
        var schemas = indexed.GetProperty("schemas").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetInt32(), s => s.GetProperty("name").GetString());
        var expected = new Dictionary<string, (string Schema, int Count)>
        {
            ["/front/image"] = ("foxglove.CompressedImage", ClipFixture.Frames),
            ["/front/annotations"] = ("foxglove.ImageAnnotations", ClipFixture.Frames),
            ["/front/detections"] = ("onboard.v1.DetectionList", ClipFixture.Frames),
            ["/front/shadow"] = ("onboard.v1.DetectionList", ClipFixture.Frames),
            ["/rear/image"] = ("foxglove.CompressedImage", ClipFixture.Frames),
            ["/rear/ground_truth"] = ("onboard.v1.DetectionList", ClipFixture.Frames),
            ["/triggers"] = ("onboard.v1.DetectionList", 2),
        };
        Assert.Equal(expected.Keys.Order(), channels.Keys.Order());
        var messages = indexed.GetProperty("messages");
        foreach (var (topic, (schema, count)) in expected)
        {
            Assert.Equal(schema, schemas[channels[topic].GetProperty("schemaId").GetInt32()]);
            Assert.Equal("protobuf", channels[topic].GetProperty("messageEncoding").GetString());
            Assert.Equal(count, messages.GetProperty(topic).GetProperty("count").GetInt32());
        }
        // One schema per message type, however many channels use it.
        Assert.Equal(3, schemas.Count);
        Assert.True(indexed.GetProperty("dataSectionCrc").GetProperty("valid").GetBoolean());
        var lineage = Assert.Single(indexed.GetProperty("metadata").EnumerateArray());
        Assert.Equal("lineage", lineage.GetProperty("name").GetString());
        Assert.Equal("synthetic-signs", lineage.GetProperty("entries").GetProperty("model.0.id").GetString());
        Assert.Equal(ClipFixture.T0.ToString(System.Globalization.CultureInfo.InvariantCulture), messages.GetProperty("/front/image").GetProperty("first").GetString());
    }

    [Fact]
    public void Write_TwoCameraClip_PythonDecodesProtobufAndOpenCvDecodesTheJpegs()
    {
        using var dir = new TempDirectory();
        var clip = ClipFixture.Write(dir);
        string dump = Path.Combine(dir.Path, "dump");
        McapPeer.Read(clip.Path, "--dump", dump);
        string pb2 = Path.Combine(dir.Path, "pb2");
        Directory.CreateDirectory(pb2);
        ProtoPython.Generate(pb2);
        string foxglove = Path.Combine(OnboardCli.RepositoryRoot, "obj", "foxglove-proto");
        using (var protoc = new PeerProcess("/usr/bin/protoc", [$"-I{foxglove}", $"--python_out={pb2}",
            .. Directory.GetFiles(Path.Combine(foxglove, "foxglove"), "*.proto").Select(f => "foxglove/" + Path.GetFileName(f))]))
        {
            Assert.True(protoc.WaitForExit(TimeSpan.FromSeconds(30)) && protoc.ExitCode == 0, "protoc (foxglove): " + protoc.StandardError);
        }

        using var python = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("clip_decode.py"), dump, pb2);
        string? line = python.ReadLine(TimeSpan.FromSeconds(120));
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(60)) && python.ExitCode == 0 && line is not null, "clip_decode.py: " + python.StandardError);
        var decoded = JsonDocument.Parse(line).RootElement;

        foreach (var topic in decoded.EnumerateObject())
        {
            Assert.True(topic.Value.GetProperty("same").GetBoolean(), $"{topic.Name}: the compiled and the file's schema decode differently");
        }
        var front = decoded.GetProperty("/front/image").GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(ClipFixture.Frames, front.Length);
        for (int i = 0; i < front.Length; i++)
        {
            Assert.Equal("jpeg", front[i].GetProperty("format").GetString());
            Assert.Equal("front", front[i].GetProperty("frame_id").GetString());
            Assert.Equal(ClipFixture.T0 + i * ClipFixture.Period, front[i].GetProperty("time_ns").GetInt64());
            Assert.Equal([240, 320, 3], front[i].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        }
        var rear = decoded.GetProperty("/rear/image").GetProperty("messages")[0];
        Assert.Equal([360, 640, 3], rear.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));

        var annotations = decoded.GetProperty("/front/annotations").GetProperty("messages").EnumerateArray().ToArray();
        var detections = decoded.GetProperty("/front/detections").GetProperty("messages").EnumerateArray().ToArray();
        for (int i = 0; i < ClipFixture.Frames; i++)
        {
            var boxes = annotations[i].GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var detected = detections[i].GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Take(4).Select(v => v.GetDouble()).ToArray()).ToArray();
            Assert.Equal(detected, boxes);
            Assert.All(annotations[i].GetProperty("types").EnumerateArray(), t => Assert.Equal(2, t.GetInt32())); // LINE_LOOP
            Assert.StartsWith("sign 0.90", annotations[i].GetProperty("texts")[0].GetString(), StringComparison.Ordinal);
            Assert.Equal(i, detections[i].GetProperty("sequence").GetInt32());
        }
        Assert.Equal("rear", decoded.GetProperty("/rear/ground_truth").GetProperty("messages")[0].GetProperty("camera").GetString());
    }
}
