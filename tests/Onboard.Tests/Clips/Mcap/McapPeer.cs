using System.Text.Json;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips.Mcap;

/// <summary>Runs the Node peer <c>mcap_read.mjs</c> (@mcap/core's indexed and stream readers) on a file.</summary>
internal static class McapPeer
{
    public static JsonElement Read(string file, params string[] options)
    {
        using var node = new PeerProcess(PeerProcess.Node, [PeerProcess.NodeScript("mcap_read.mjs"), file, .. options]);
        string? line = node.ReadLine(TimeSpan.FromSeconds(120));
        Assert.True(node.WaitForExit(TimeSpan.FromSeconds(120)), "mcap_read.mjs did not exit");
        Assert.True(line is not null && node.ExitCode == 0, $"mcap_read.mjs failed ({node.ExitCode}): {node.StandardError}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>The peer's per-topic messages in the shape of <see cref="McapDigests.Summary"/>.</summary>
    public static SortedDictionary<string, string> Messages(JsonElement reader)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var topic in reader.GetProperty("messages").EnumerateObject())
        {
            var v = topic.Value;
            result[topic.Name] = $"{v.GetProperty("count").GetInt64()} {v.GetProperty("digest").GetString()} {v.GetProperty("first").GetString()} {v.GetProperty("last").GetString()}";
        }
        return result;
    }
}
