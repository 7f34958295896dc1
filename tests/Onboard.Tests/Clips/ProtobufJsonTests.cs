using System.Buffers;
using System.Text.Json;
using Google.Protobuf;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Tests.Clips;

public sealed class ProtobufJsonTests
{
    [Fact]
    public void Write_MessageDecodedWithItsFileDescriptorSetOnly_EqualsGoogleJsonFormatter()
    {
        var list = ClipFixture.Detections("front", 4, 1_767_225_600_000_000_123);
        list.Header.Stages.Add(new StageTiming { Stage = Stage.Infer, StartMonoNs = 5, EndMonoNs = 9 });
        var descriptor = ProtobufJson.Descriptor(McapProtobufSchema.FileDescriptorSet(DetectionList.Descriptor), "onboard.v1.DetectionList");
        Assert.NotNull(descriptor);

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ProtobufJson.Write(json, descriptor, list.ToByteArray());
        }
        var ours = JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        var google = JsonDocument.Parse(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(false)).Format(list)).RootElement;

        Assert.Equal(Normalise(google), Normalise(ours));
    }

    /// <summary>Google writes 64-bit integers as strings and floats in shortest form; compare as text of numbers.</summary>
    private static string Normalise(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + ":" + Normalise(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Normalise)) + "]",
        JsonValueKind.String when double.TryParse(e.GetString(), System.Globalization.CultureInfo.InvariantCulture, out double d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Number => e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => e.ToString(),
    };
}
