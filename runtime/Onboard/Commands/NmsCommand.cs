using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard nms --input FILE.json [--iou 0.7] [--score 0.25] [--agnostic] [--max-det 300] [--device host|cpu-accelerator|cuda]</c>: our NMS on
/// boxes from a file, for checks from outside. Input <c>{"boxes":[[x1,y1,x2,y2],…],"scores":[…],"classes":[…]}</c>
/// (classes optional, 0 when absent); prints <c>{"keep":[indices in output order]}</c>. Boxes whose score is
/// not above <c>--score</c>, or with no area, are never kept; per-class unless <c>--agnostic</c>.
/// </summary>
internal static class NmsCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "JSON file with boxes, scores and classes", Required = true };
        var iou = new Option<float>("--iou") { Description = "Suppress boxes whose IoU with a kept box is above this", DefaultValueFactory = _ => 0.7f };
        var score = new Option<float>("--score") { Description = "Only boxes scoring above this are candidates", DefaultValueFactory = _ => 0.25f };
        var agnostic = new Option<bool>("--agnostic") { Description = "Suppress across classes (default: within each class)" };
        var maxDet = new Option<int>("--max-det") { Description = "Keep at most this many", DefaultValueFactory = _ => 300 };
        var device = DeviceOption.Create();
        var command = new Command("nms", "Greedy non-maximum suppression on boxes from a JSON file; prints the kept indices")
        {
            input, iou, score, agnostic, maxDet, device,
        };
        command.SetAction(parse =>
        {
            try
            {
                Detection[] candidates = Read(parse.GetValue(input)!, parse.GetValue(score));
                using DeviceAccelerator? accelerator = DeviceOption.Open(parse.GetValue(device)!);
                int kept = accelerator is null
                    ? Nms.Greedy(candidates, parse.GetValue(iou), parse.GetValue(agnostic), parse.GetValue(maxDet))
                    : OnDevice(accelerator, candidates, parse.GetValue(iou), parse.GetValue(agnostic), parse.GetValue(maxDet));
                var json = new StringBuilder("{\"keep\":[");
                for (int i = 0; i < kept; i++)
                {
                    json.Append(i == 0 ? "" : ",").Append(candidates[i].Index.ToString(CultureInfo.InvariantCulture));
                }
                Console.WriteLine(json.Append("]}").ToString());
                return 0;
            }
            catch (Exception e) when (e is IOException or JsonException or FormatException or ArgumentException or InvalidOperationException or DeviceUnavailableException)
            {
                Console.Error.WriteLine($"nms: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>The device NMS with its cap at the candidate count, so it keeps exactly what <see cref="Nms.Greedy"/> keeps; the kept ones go to the front.</summary>
    private static int OnDevice(DeviceAccelerator accelerator, Detection[] candidates, float iou, bool agnostic, int maxDetections)
    {
        var settings = new PostprocessSettings { IoUThreshold = iou, ClassAgnostic = agnostic, MaxDetections = maxDetections };
        using var nms = new DeviceDetectionPostprocessor(new DevicePostprocessKernels(accelerator), settings, Math.Max(1, candidates.Length));
        var kept = new Detection[Math.Max(0, Math.Min(candidates.Length, maxDetections))];
        int n = nms.Suppress(candidates, kept);
        kept.AsSpan(0, n).CopyTo(candidates);
        return n;
    }

    private static Detection[] Read(FileInfo file, float scoreThreshold)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
        JsonElement root = doc.RootElement;
        JsonElement boxes = Property(root, "boxes");
        JsonElement scores = Property(root, "scores");
        bool hasClasses = root.TryGetProperty("classes", out JsonElement classes);
        int n = boxes.GetArrayLength();
        if (scores.GetArrayLength() != n || (hasClasses && classes.GetArrayLength() != n))
        {
            throw new FormatException($"{file.Name}: {n} boxes, {scores.GetArrayLength()} scores{(hasClasses ? $", {classes.GetArrayLength()} classes" : "")}: they must match");
        }
        var candidates = new List<Detection>(n);
        for (int i = 0; i < n; i++)
        {
            JsonElement b = boxes[i];
            if (b.GetArrayLength() != 4)
            {
                throw new FormatException($"{file.Name}: box {i} has {b.GetArrayLength()} numbers, not x1, y1, x2, y2");
            }
            var box = new BoxF(b[0].GetSingle(), b[1].GetSingle(), b[2].GetSingle(), b[3].GetSingle());
            float s = scores[i].GetSingle();
            double c = hasClasses ? classes[i].GetDouble() : 0;
            if (c < 0 || c != Math.Floor(c) || c > int.MaxValue)
            {
                throw new FormatException($"{file.Name}: class {c.ToString(CultureInfo.InvariantCulture)} of box {i} is not a non-negative integer");
            }
            // The same candidate rules as the decoders: score strictly above, finite, positive area.
            if (s > scoreThreshold && float.IsFinite(box.X1 + box.Y1 + box.X2 + box.Y2) && box.X2 > box.X1 && box.Y2 > box.Y1)
            {
                candidates.Add(new Detection(box, s, (int)c, i));
            }
        }
        return [.. candidates];
    }

    private static JsonElement Property(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Array
            ? e
            : throw new FormatException($"input needs a \"{name}\" array");
}
