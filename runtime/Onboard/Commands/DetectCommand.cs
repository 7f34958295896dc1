using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Graph;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Runtime.Imaging;
using Onboard.Runtime.Inference;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard detect --model PATH IMAGE [--json]</c>: one image (PNG or JPEG, decoded in-process by OpenCV) —
/// or, with <c>--format FMT --width W --height H [--stride BYTES]</c>, one raw frame as <c>preprocess</c> reads
/// it — through the model, detections printed in source pixels. A DBNet text detector (layout <c>dbnet</c>)
/// prints one "text" detection per text region, with its rotated quadrilateral. Bad input exits 2 naming the file.
/// </summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The .onnx model (its NAME.manifest.json is used when present)", Required = true };
        var image = new Argument<string>("image") { Description = "PNG or JPEG image, or a raw frame file with --format" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var inputSize = new Option<string?>("--input-size") { Description = "WxH to fix a model's dynamic input dimensions (e.g. 640x640)" };
        var providers = new Option<string>("--providers") { Description = "Execution provider chain, best first", DefaultValueFactory = _ => "tensorrt,cuda,cpu" };
        var score = new Option<float?>("--score") { Description = "Score threshold (default: the manifest's)" };
        var key = new Option<string?>("--public-key") { Description = "Fleet public key (PEM file): require a signed manifest" };
        var raw = RawFrameOptions.Optional();
        var command = new Command("detect", "Run one image or raw frame through a model and print detections in source pixels") { model, image, json, inputSize, providers, score, key };
        raw.AddTo(command);
        command.SetAction(parse =>
        {
            ImageBuffer input;
            try
            {
                input = ReadInput(parse, raw, parse.GetValue(image)!);
            }
            catch (PlatformNotSupportedException e)
            {
                return Fail($"{e.Message}; give it a raw frame instead (--format FMT --width W --height H)");
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                return Fail(e.Message);
            }
            int width = input.Width, height = input.Height;
            var options = new InferenceOptions
            {
                ExecutionProviders = parse.GetValue(providers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Log = Console.Error,
                Trust = new() { PublicKeyPem = parse.GetValue(key) is { } k ? File.ReadAllText(k) : null },
            };
            string modelPath = parse.GetValue(model)!;
            if (parse.GetValue(inputSize) is { } size)
            {
                (int w, int h) = ModelBuildCommand.ParseSize(size);
                options = options with { InputShape = [1, 3, h, w] };
            }
            else if (NeedsInputSize(modelPath))
            {
                // PaddleOCR's DetResizeForTest: longest side at most 960, both sides multiples of 32.
                double r = Math.Min(1.0, 960.0 / Math.Max(width, height));
                options = options with { InputShape = [1, 3, RoundTo32(height * r), RoundTo32(width * r)] };
            }
            DetectorSession session;
            try
            {
                session = DetectorSession.Open(modelPath, options);
            }
            catch (Exception e) when (e is ModelLoadException or ExecutionProviderUnavailableException)
            {
                return Fail(e.Message);
            }
            using var owned = session;
            var detector = new FrameDetector(session);
            if (parse.GetValue(score) is { } s)
            {
                detector = new FrameDetector(session, detector.Settings with { ScoreThreshold = s });
            }
            ImageTransform transform = detector.Preprocess(input.View);
            detector.Infer();
            var results = new Detection[detector.Settings.MaxDetections];
            int n = detector.Postprocess(transform, results);
            if (parse.GetValue(json))
            {
                WriteJson(session, detector, results.AsSpan(0, n), width, height);
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n} detections in {width}x{height} ({session.Manifest.Id}, {session.ExecutionProvider}, first frame {session.FirstFrameTime.TotalMilliseconds:0.0} ms after {session.WarmupRuns} warm-up runs)"));
                for (int i = 0; i < n; i++)
                {
                    var d = results[i];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{ClassName(detector, session, d.ClassId),-16} {d.Score:0.000}  [{d.Box.X1:0.0}, {d.Box.Y1:0.0}, {d.Box.X2:0.0}, {d.Box.Y2:0.0}]"));
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>The image decoded by OpenCV (PNG/JPEG), or the raw frame that --format describes.</summary>
    private static ImageBuffer ReadInput(ParseResult parse, RawFrameOptions raw, string path)
    {
        if (raw.IsGiven(parse))
        {
            return raw.Read(parse, path);
        }
        if (parse.GetValue(raw.Width) is not null || parse.GetValue(raw.Height) is not null || parse.GetValue(raw.Stride) != 0)
        {
            throw new ArgumentException("--width, --height and --stride describe a raw frame: give its --format too");
        }
        return ImageCodec.DecodeFile(path);
    }

    /// <summary>A dynamic-size image input the manifest does not pin: the image decides the size.</summary>
    private static bool NeedsInputSize(string modelPath)
    {
        if (File.Exists(ModelManifest.PathFor(modelPath)))
        {
            return false;
        }
        var inputs = GraphValues.RealInputs(OnnxModelReader.Read(modelPath).Graph);
        long[] dims = inputs.Count == 1 ? GraphValues.Dims(inputs[0]) : [];
        return dims.Length == 4 && dims[1] == 3 && (dims[2] < 0 || dims[3] < 0);
    }

    private static long RoundTo32(double v) => Math.Max(32, (long)Math.Round(v / 32) * 32);

    private static string ClassName(FrameDetector detector, DetectorSession session, int id) =>
        id >= 0 && id < session.Manifest.Classes.Length ? session.Manifest.Classes[id]
        : detector.Layout == OutputLayout.DbNet ? "text"
        : "class" + id.ToString(CultureInfo.InvariantCulture);

    private static void WriteJson(DetectorSession session, FrameDetector detector, ReadOnlySpan<Detection> detections, int width, int height)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", session.Manifest.Id);
            w.WriteString("execution_provider", session.ExecutionProvider);
            w.WriteString("layout", OutputLayouts.Name(detector.Layout));
            w.WriteNumber("width", width);
            w.WriteNumber("height", height);
            w.WriteNumber("first_frame_ms", session.FirstFrameTime.TotalMilliseconds);
            w.WriteStartArray("detections");
            for (int i = 0; i < detections.Length; i++)
            {
                Detection d = detections[i];
                w.WriteStartObject();
                w.WriteNumber("class_id", d.ClassId);
                w.WriteString("class", ClassName(detector, session, d.ClassId));
                w.WriteNumber("score", d.Score);
                w.WriteStartArray("box");
                w.WriteNumberValue(d.Box.X1);
                w.WriteNumberValue(d.Box.Y1);
                w.WriteNumberValue(d.Box.X2);
                w.WriteNumberValue(d.Box.Y2);
                w.WriteEndArray();
                if (detector.Layout == OutputLayout.DbNet)
                {
                    var q = detector.TextBoxes[i];
                    w.WriteStartArray("quad");
                    foreach (var p in (ReadOnlySpan<System.Numerics.Vector2>)[q.TopLeft, q.TopRight, q.BottomRight, q.BottomLeft])
                    {
                        w.WriteStartArray();
                        w.WriteNumberValue(p.X);
                        w.WriteNumberValue(p.Y);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("detect: " + message);
        return 2;
    }
}
