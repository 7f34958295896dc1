using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;
using Onboard.Runtime.Config;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard track --input FILE.jsonl [--config tracker.json] [--all]</c>: the camera tracker over detections from a
/// file, one JSON object per line and frame, <c>{"t": seconds, "boxes": [[x1, y1, x2, y2], …], "scores": […], "classes": […]}</c>
/// (classes optional, 0 when absent), capture times not going back. Writes one line per input line,
/// <c>{"t": …, "tracks": [{"id", "box", "class", "score", "state", "velocity", "trajectory": [[dt, x, y, sxx, sxy, syy], …]}]}</c>,
/// confirmed tracks only unless <c>--all</c>; with a <c>ground</c> camera in the config each track also gets
/// <c>"ground"</c> (null at or above the horizon) and <c>"groundTrajectory"</c>. A malformed line stops it with exit 2
/// naming the line; nothing is written for it (the lines before it are).
/// </summary>
internal static class TrackCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "JSON lines: one frame of detections per line", Required = true };
        var config = new Option<FileInfo?>("--config") { Description = "tracker.json: the fields of cameras[].tracker (defaults: Ultralytics' bytetrack.yaml)" };
        var all = new Option<bool>("--all") { Description = "Write tentative and lost tracks too (default: confirmed only)" };
        var command = new Command("track", "ByteTrack the detections of a JSON-lines file; one line of tracks per frame") { input, config, all };
        command.SetAction(parse =>
        {
            TrackerSettings settings = new();
            if (parse.GetValue(config) is { } file)
            {
                TrackerSettings? read = ConfigReader.ReadTrackerFile(file.FullName, out List<ConfigError> errors);
                if (read is null)
                {
                    ConfigCommand.WriteErrors(file.FullName, errors);
                    return 2;
                }
                settings = read;
            }
            return Run(parse.GetValue(input)!, settings, parse.GetValue(all));
        });
        return command;
    }

    private static int Run(FileInfo input, TrackerSettings settings, bool all)
    {
        var tracker = new ByteTracker(settings);
        using Stream stdout = Console.OpenStandardOutput();
        using var output = new BufferedStream(stdout, 1 << 16);
        using var json = new Utf8JsonWriter(output);
        var detections = new List<Detection>();
        int line = 0;
        try
        {
            using var reader = new StreamReader(input.FullName);
            double previous = double.NegativeInfinity;
            for (string? text; (text = reader.ReadLine()) is not null;)
            {
                line++;
                (double t, JsonElement rawT) = Parse(text, detections, out JsonDocument document);
                using (document)
                {
                    if (t < previous)
                    {
                        throw new FormatException($"t = {t.ToString(CultureInfo.InvariantCulture)} is before the previous line's {previous.ToString(CultureInfo.InvariantCulture)}");
                    }
                    previous = t;
                    TrackerFrame frame = tracker.Step((long)Math.Round(t * 1e9), detections.ToArray());
                    Write(json, rawT, frame, all, settings.Ground is not null);
                }
                json.Flush();
                json.Reset();
                output.WriteByte((byte)'\n');
            }
            return 0;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            output.Flush();
            Console.Error.WriteLine($"track: {input.Name}:{line}: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"track: {e.Message}");
            return 2;
        }
    }

    /// <summary>One line's frame into <paramref name="detections"/>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    private static (double T, JsonElement RawT) Parse(string text, List<Detection> detections, out JsonDocument document)
    {
        detections.Clear();
        if (text.Trim().Length == 0)
        {
            throw new FormatException("empty line; expected a JSON object {\"t\": …, \"boxes\": […], \"scores\": […]}");
        }
        document = JsonDocument.Parse(text);
        try
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"expected a JSON object, got {Describe(root)}");
            }
            if (!root.TryGetProperty("t", out JsonElement t) || t.ValueKind != JsonValueKind.Number || !double.IsFinite(t.GetDouble()))
            {
                throw new FormatException("\"t\" (the capture time in seconds) must be a number");
            }
            JsonElement boxes = Array(root, "boxes", required: true);
            JsonElement scores = Array(root, "scores", required: true);
            JsonElement classes = Array(root, "classes", required: false);
            int n = boxes.GetArrayLength();
            if (scores.GetArrayLength() != n || (classes.ValueKind == JsonValueKind.Array && classes.GetArrayLength() != n))
            {
                string c = classes.ValueKind == JsonValueKind.Array ? $", {classes.GetArrayLength()} classes" : "";
                throw new FormatException($"{n} boxes, {scores.GetArrayLength()} scores{c}: they must match");
            }
            for (int i = 0; i < n; i++)
            {
                JsonElement b = boxes[i];
                if (b.ValueKind != JsonValueKind.Array || b.GetArrayLength() != 4 || b.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                {
                    throw new FormatException($"box {i} is not [x1, y1, x2, y2]");
                }
                if (scores[i].ValueKind != JsonValueKind.Number)
                {
                    throw new FormatException($"score {i} is not a number");
                }
                int classId = 0;
                if (classes.ValueKind == JsonValueKind.Array && (classes[i].ValueKind != JsonValueKind.Number || !classes[i].TryGetInt32(out classId) || classId < 0))
                {
                    throw new FormatException($"class {i} is not a non-negative integer");
                }
                var box = new BoxF(b[0].GetSingle(), b[1].GetSingle(), b[2].GetSingle(), b[3].GetSingle());
                detections.Add(new Detection(box, scores[i].GetSingle(), classId, i));
            }
            return (t.GetDouble(), t);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static JsonElement Array(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new FormatException($"\"{name}\" must be an array") : default;
        }
        return e.ValueKind == JsonValueKind.Array ? e : throw new FormatException($"\"{name}\" must be an array, got {Describe(e)}");
    }

    private static void Write(Utf8JsonWriter w, JsonElement rawT, in TrackerFrame frame, bool all, bool ground)
    {
        w.WriteStartObject();
        w.WritePropertyName("t");
        w.WriteRawValue(rawT.GetRawText());
        w.WriteStartArray("tracks");
        ReadOnlySpan<TrackSnapshot> tracks = frame.Tracks;
        for (int i = 0; i < tracks.Length; i++)
        {
            TrackSnapshot t = tracks[i];
            if (!all && t.State != TrackState.Confirmed)
            {
                continue;
            }
            w.WriteStartObject();
            w.WriteNumber("id", t.Id);
            w.WriteStartArray("box");
            w.WriteNumberValue(t.Box.X1);
            w.WriteNumberValue(t.Box.Y1);
            w.WriteNumberValue(t.Box.X2);
            w.WriteNumberValue(t.Box.Y2);
            w.WriteEndArray();
            w.WriteNumber("class", t.ClassId);
            w.WriteNumber("score", t.Score);
            w.WriteString("state", t.State switch { TrackState.Tentative => "tentative", TrackState.Lost => "lost", _ => "confirmed" });
            w.WriteStartArray("velocity");
            w.WriteNumberValue(t.VelocityX);
            w.WriteNumberValue(t.VelocityY);
            w.WriteEndArray();
            ReadOnlySpan<TrajectoryPoint> path = frame.Trajectory(i);
            w.WriteStartArray("trajectory");
            foreach (TrajectoryPoint p in path)
            {
                WriteTuple(w, p.Seconds, p.X, p.Y, p.Sxx, p.Sxy, p.Syy);
            }
            w.WriteEndArray();
            if (ground)
            {
                w.WritePropertyName("ground");
                if (t.Ground.Valid)
                {
                    w.WriteStartObject();
                    w.WriteNumber("x", t.Ground.X);
                    w.WriteNumber("y", t.Ground.Y);
                    w.WriteNumber("vx", t.GroundVelocityX);
                    w.WriteNumber("vy", t.GroundVelocityY);
                    w.WriteStartArray("cov");
                    w.WriteNumberValue(t.Ground.Sxx);
                    w.WriteNumberValue(t.Ground.Sxy);
                    w.WriteNumberValue(t.Ground.Syy);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNullValue();
                }
                w.WriteStartArray("groundTrajectory");
                foreach (TrajectoryPoint p in path)
                {
                    if (p.Ground.Valid)
                    {
                        WriteTuple(w, p.Seconds, p.Ground.X, p.Ground.Y, p.Ground.Sxx, p.Ground.Sxy, p.Ground.Syy);
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static void WriteTuple(Utf8JsonWriter w, float a, float b, float c, float d, float e, float f)
    {
        w.WriteStartArray();
        w.WriteNumberValue(a);
        w.WriteNumberValue(b);
        w.WriteNumberValue(c);
        w.WriteNumberValue(d);
        w.WriteNumberValue(e);
        w.WriteNumberValue(f);
        w.WriteEndArray();
    }
}
