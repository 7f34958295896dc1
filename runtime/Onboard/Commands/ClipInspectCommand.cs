using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Mcap;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard clip inspect FILE [--json]</c>: channels (schema, message count, time range), the clip's time range,
/// its lineage, its trigger events, and whether the file is whole. Reads the whole file, checking every CRC; a
/// truncated or corrupt clip is shown as far as it is valid, with where it stops, and exits 1.
/// </summary>
internal static class ClipInspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .mcap clip or recording" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("inspect", "Show a clip's channels, message counts, time range, lineage and triggers") { file, json };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            using var reader = ClipCommand.Open(path);
            if (reader is null)
            {
                return 2;
            }
            var inventory = new ClipInventory();
            var result = reader.Scan(inventory);
            reader.TryReadSummary(out var summary, out _);
            if (parse.GetValue(json))
            {
                WriteJson(path, reader.Length, inventory, result, summary);
            }
            else
            {
                WriteText(path, reader.Length, inventory, result, summary);
            }
            if (!result.Complete)
            {
                Console.Error.WriteLine($"clip: {path} is truncated or corrupt: {result}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    private static void WriteText(string path, long bytes, ClipInventory inventory, McapReadResult result, McapSummary? summary)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"clip       {path} ({bytes} bytes)");
        Console.WriteLine(result.Complete ? "status     complete, every CRC valid" : $"status     INCOMPLETE: {result}");
        Console.WriteLine($"library    {inventory.Header?.Library} (profile '{inventory.Header?.Profile}')");
        Console.WriteLine(string.Create(inv, $"chunks     {result.ChunksRead}{Compression(summary)}"));
        if (inventory.Messages > 0)
        {
            Console.WriteLine(string.Create(inv, $"time       {Iso(inventory.Start)} → {Iso(inventory.End)} ({(inventory.End - inventory.Start) / 1e9:0.000} s; {inventory.Start}..{inventory.End} ns)"));
        }
        Console.WriteLine(string.Create(inv, $"messages   {inventory.Messages}"));
        foreach (var c in inventory.Channels)
        {
            Console.WriteLine(string.Create(inv, $"channel    {c.Channel.Topic,-28} {c.Schema,-28} {c.Count,7} msgs{(c.Count > 0 ? $"  {Iso(c.First)} → {Iso(c.Last)}" : "")}"));
        }
        if (inventory.Lineage is { } lineage)
        {
            Console.WriteLine($"lineage    clip {lineage.ClipId}, vehicle {lineage.VehicleId}, software {lineage.SoftwareVersion}, config {lineage.ConfigHash}");
            foreach (var m in lineage.Models)
            {
                Console.WriteLine($"model      {m.Name}: {m.Id} {m.Version} sha256 {m.Sha256} on {m.ExecutionProvider}");
            }
            Console.WriteLine($"trigger ids {string.Join(", ", lineage.TriggerIds)}");
        }
        foreach (var m in inventory.Metadata.Where(m => m.Name != ClipTopics.LineageRecord))
        {
            Console.WriteLine($"metadata   {m.Name}: {string.Join(", ", m.Entries.Select(e => e.Key + "=" + e.Value))}");
        }
        Console.WriteLine(string.Create(inv, $"triggers   {inventory.Triggers.Count}"));
        foreach (var (time, json) in inventory.Triggers)
        {
            Console.WriteLine($"trigger    {Iso(time)} {json}");
        }
    }

    private static void WriteJson(string path, long bytes, ClipInventory inventory, McapReadResult result, McapSummary? summary)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("path", path);
            w.WriteNumber("bytes", bytes);
            w.WriteBoolean("complete", result.Complete);
            if (result.Stop is { } stop)
            {
                w.WriteStartObject("stop");
                w.WriteNumber("offset", stop.Offset);
                w.WriteString("record", stop.Record);
                w.WriteString("problem", stop.Problem);
                w.WriteEndObject();
            }
            w.WriteString("library", inventory.Header?.Library);
            w.WriteString("profile", inventory.Header?.Profile);
            w.WriteNumber("messages", inventory.Messages);
            w.WriteNumber("chunks", result.ChunksRead);
            w.WriteStartObject("compression");
            foreach (var group in (summary?.ChunkIndexes ?? []).GroupBy(c => c.Compression.Length > 0 ? c.Compression : "none"))
            {
                w.WriteNumber(group.Key, group.Count());
            }
            w.WriteEndObject();
            if (inventory.Messages > 0)
            {
                w.WriteNumber("start_ns", inventory.Start);
                w.WriteNumber("end_ns", inventory.End);
                w.WriteString("start", Iso(inventory.Start));
                w.WriteString("end", Iso(inventory.End));
                w.WriteNumber("duration_s", (inventory.End - inventory.Start) / 1e9);
            }
            w.WriteStartArray("channels");
            foreach (var c in inventory.Channels)
            {
                w.WriteStartObject();
                w.WriteNumber("id", c.Channel.Id);
                w.WriteString("topic", c.Channel.Topic);
                w.WriteString("schema", c.Schema);
                w.WriteString("encoding", c.Channel.MessageEncoding);
                w.WriteNumber("messages", c.Count);
                if (c.Count > 0)
                {
                    w.WriteNumber("first_ns", c.First);
                    w.WriteNumber("last_ns", c.Last);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("metadata");
            foreach (var m in inventory.Metadata)
            {
                w.WriteStartObject(m.Name);
                foreach (var (key, value) in m.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    w.WriteString(key, value);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("triggers");
            foreach (var (time, json) in inventory.Triggers)
            {
                w.WriteStartObject();
                w.WriteNumber("log_time_ns", time);
                w.WritePropertyName("event");
                JsonDocument.Parse(json).RootElement.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    private static string Compression(McapSummary? summary)
    {
        if (summary is null || summary.ChunkIndexes.Count == 0)
        {
            return "";
        }
        long compressed = summary.ChunkIndexes.Sum(c => c.CompressedSize);
        long uncompressed = summary.ChunkIndexes.Sum(c => c.UncompressedSize);
        string kinds = string.Join(", ", summary.ChunkIndexes.GroupBy(c => c.Compression.Length > 0 ? c.Compression : "none").Select(g => g.Key));
        return string.Create(CultureInfo.InvariantCulture, $" ({kinds}): {uncompressed} bytes of records in {compressed} ({100.0 * compressed / Math.Max(1, uncompressed):0.0}%)");
    }

    private static string Iso(ulong utcNs) => ClipTime.Iso((long)utcNs);
}
