using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard decode --input FILE --layout NAME --shape B,D1,D2 --size WxH --source WxH …</c>: our decoder, top-k,
/// NMS and inverse geometry on one raw model output (float32, little-endian, no header: a head as a model wrote
/// it), for checks from outside and for looking at a model's raw output offline. Single-tensor layouts only
/// (yolov8, yolov5, yolov10, rtdetr). Prints the detections in source pixels as one JSON object; floats are
/// written in their shortest round-trip form, so equal text means equal bits.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Raw float32 output tensor file", Required = true };
        var layout = new Option<string>("--layout") { Description = "yolov8 | yolov5 | yolov10 | rtdetr (and their family names)", Required = true };
        var shape = new Option<string>("--shape") { Description = "The tensor's shape, B,D1,D2 (image 0 is decoded)", Required = true };
        var size = new Option<string>("--size") { Description = "Model input WxH", Required = true };
        var source = new Option<string>("--source") { Description = "Source frame WxH the boxes map back to", Required = true };
        var mode = new Option<string>("--mode") { Description = "letterbox | stretch | centercrop (alias: crop): the preprocessing geometry", DefaultValueFactory = _ => "letterbox" };
        var classes = new Option<int>("--classes") { Description = "Class count (0: from the shape)" };
        var score = new Option<float>("--score") { Description = "Only candidates scoring above this", DefaultValueFactory = _ => 0.25f };
        var iou = new Option<float>("--iou") { Description = "NMS IoU threshold", DefaultValueFactory = _ => 0.7f };
        var agnostic = new Option<bool>("--agnostic") { Description = "Suppress across classes" };
        var soft = new Option<bool>("--soft-nms") { Description = "Gaussian soft-NMS instead of greedy" };
        var maxDet = new Option<int>("--max-det") { Description = "Keep at most this many", DefaultValueFactory = _ => 300 };
        var command = new Command("decode", "Decode one raw detector output tensor file (top-k, NMS, source pixels) and print the detections")
        {
            input, layout, shape, size, source, mode, classes, score, iou, agnostic, soft, maxDet,
        };
        command.SetAction(parse =>
        {
            try
            {
                long[] dims = ParseShape(parse.GetValue(shape)!);
                OutputLayout kind = LayoutRecognizer.ParseLayout(parse.GetValue(layout)!);
                LayoutSpec spec = LayoutRecognizer.Resolve(kind, [new OutputTensorInfo("output0", dims, Kernels.TensorElementType.Float32)], parse.GetValue(classes));
                float[] tensor = ReadFloats(parse.GetValue(input)!, dims);
                (int w, int h) = ModelBuildCommand.ParseSize(parse.GetValue(size)!);
                (int sw, int sh) = ModelBuildCommand.ParseSize(parse.GetValue(source)!);
                ImageTransform transform = GeometryPlanner.Plan(sw, sh, w, h, PreprocessCommand.ParseMode(parse.GetValue(mode)!));
                var settings = new PostprocessSettings
                {
                    ScoreThreshold = parse.GetValue(score),
                    IoUThreshold = parse.GetValue(iou),
                    ClassAgnostic = parse.GetValue(agnostic),
                    Suppression = parse.GetValue(soft) ? SuppressionMode.SoftGaussian : SuppressionMode.Greedy,
                    MaxDetections = parse.GetValue(maxDet),
                };
                int perImage = checked((int)(dims[1] * dims[2]));
                var post = new DetectionPostprocessor(settings, w, h, checked((int)Math.Max(1, spec.Count)));
                var results = new Detection[settings.MaxDetections];
                int n = post.Process(spec, tensor.AsSpan(0, perImage), transform, results);
                Write(results.AsSpan(0, n), post.Stats);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or OutputLayoutException or FormatException or OverflowException)
            {
                Console.Error.WriteLine($"decode: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static long[] ParseShape(string text)
    {
        string[] parts = text.Split(',');
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] <= 0)
            {
                throw new FormatException($"--shape must be positive integers B,D1,D2, got '{text}' (dimension {i})");
            }
        }
        return dims.Length == 3 ? dims : throw new FormatException($"--shape needs three dimensions B,D1,D2, got {dims.Length} in '{text}'");
    }

    private static float[] ReadFloats(FileInfo file, long[] dims)
    {
        byte[] bytes = File.ReadAllBytes(file.FullName);
        long expected = 4 * dims[0] * dims[1] * dims[2];
        if (bytes.Length != expected)
        {
            throw new FormatException($"{file.Name}: {bytes.Length} bytes, but a float32 tensor of shape [{string.Join(", ", dims)}] has {expected}");
        }
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the tensor file is little-endian; this machine is not");
        }
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static void Write(ReadOnlySpan<Detection> detections, DecodeStats stats)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout))
        {
            w.WriteStartObject();
            w.WriteStartArray("detections");
            foreach (Detection d in detections)
            {
                w.WriteStartObject();
                w.WriteNumber("class_id", d.ClassId);
                w.WriteNumber("score", d.Score);
                w.WriteNumber("index", d.Index);
                w.WriteStartArray("box");
                w.WriteNumberValue(d.Box.X1);
                w.WriteNumberValue(d.Box.Y1);
                w.WriteNumberValue(d.Box.X2);
                w.WriteNumberValue(d.Box.Y2);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("dropped_non_finite", stats.NonFinite);
            w.WriteNumber("dropped_degenerate", stats.Degenerate);
            w.WriteNumber("dropped_invalid_index", stats.InvalidIndex);
            w.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }
}
