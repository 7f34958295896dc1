using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard preprocess</c>: one raw frame file → one raw tensor file (little-endian, no header) through the
/// fused kernel, and one JSON line with the transform. External checks compare its output with OpenCV's.
/// </summary>
internal static class PreprocessCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Raw frame file", Required = true };
        var frame = RawFrameOptions.Required();
        var size = new Option<string>("--size") { Description = "Tensor size WxH, e.g. 640x640", Required = true };
        var mode = new Option<string>("--mode") { Description = "letterbox | stretch | centercrop (centre crop; alias: crop, the manifest's name is centercrop)", DefaultValueFactory = _ => "letterbox" };
        var pad = new Option<int>("--pad") { Description = "Letterbox fill value (0-255)", DefaultValueFactory = _ => 114 };
        var order = new Option<string>("--order") { Description = "Tensor channel order: rgb | bgr", DefaultValueFactory = _ => "rgb" };
        var scale = new Option<double>("--scale") { Description = "Multiplier for 8-bit values", DefaultValueFactory = _ => 1.0 / 255.0 };
        var mean = new Option<string?>("--mean") { Description = "Per-channel mean after scaling, a,b,c (tensor channel order)" };
        var std = new Option<string?>("--std") { Description = "Per-channel std after the mean, a,b,c (tensor channel order)" };
        var dtype = new Option<string>("--dtype") { Description = "f32 | f16 | u8", DefaultValueFactory = _ => "f32" };
        var layout = new Option<string>("--layout") { Description = "nchw | nhwc", DefaultValueFactory = _ => "nchw" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores)", DefaultValueFactory = _ => 1 };
        var roi = new Option<string?>("--roi") { Description = "Use only this region of the frame: x,y,w,h" };
        var interpolation = new Option<string>("--interpolation") { Description = "linear | nearest | area", DefaultValueFactory = _ => "linear" };
        var output = new Option<FileInfo>("--output") { Description = "Tensor file to write", Required = true };
        var device = DeviceOption.Create();
        var command = new Command("preprocess", "Frame file → model input tensor file (OpenCV-exact colour, resize and letterbox)")
        {
            input, size, mode, pad, order, scale, mean, std, dtype, layout, threads, roi, interpolation, output, device,
        };
        frame.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                (int w, int h) = ParseSize(parse.GetValue(size)!);
                int padValue = parse.GetValue(pad);
                if (padValue is < 0 or > 255)
                {
                    throw new ArgumentException($"--pad must be 0..255, got {padValue}");
                }
                var options = new PreprocessOptions(w, h)
                {
                    Mode = ParseMode(parse.GetValue(mode)!),
                    PadValue = (byte)padValue,
                    Order = parse.GetValue(order)!.ToLowerInvariant() switch
                    {
                        "rgb" => ChannelOrder.Rgb,
                        "bgr" => ChannelOrder.Bgr,
                        string o => throw new ArgumentException($"--order must be rgb or bgr, got '{o}'"),
                    },
                    Scale = (float)parse.GetValue(scale),
                    Mean = ParseTriple(parse.GetValue(mean), Vector3.Zero, "--mean"),
                    Std = ParseTriple(parse.GetValue(std), Vector3.One, "--std"),
                    Layout = parse.GetValue(layout)!.ToLowerInvariant() switch
                    {
                        "nchw" => TensorLayout.Nchw,
                        "nhwc" => TensorLayout.Nhwc,
                        string l => throw new ArgumentException($"--layout must be nchw or nhwc, got '{l}'"),
                    },
                    Interpolation = parse.GetValue(interpolation)!.ToLowerInvariant() switch
                    {
                        "linear" => Interpolation.Linear,
                        "nearest" => Interpolation.Nearest,
                        "area" => Interpolation.Area,
                        string i => throw new ArgumentException($"--interpolation must be linear, nearest or area, got '{i}'"),
                    },
                    SourceRegion = parse.GetValue(roi) is string r ? PixelRect.Parse(r) : null,
                };
                ImageView view = frame.Read(parse, parse.GetValue(input)!.FullName).View;
                using DeviceAccelerator? accelerator = DeviceOption.Open(parse.GetValue(device)!);
                using var pre = new FramePreprocessor(accelerator is null ? parse.GetValue(threads) : 1);
                using DeviceFramePreprocessor? onDevice = accelerator is null ? null : new DeviceFramePreprocessor(accelerator);
                int elements = 3 * w * h;
                ImageTransform t;
                byte[] bytes;
                switch (parse.GetValue(dtype)!.ToLowerInvariant())
                {
                    case "f32":
                    {
                        var tensor = new float[elements];
                        t = onDevice?.Run(view, tensor, options) ?? pre.Run(view, tensor, options);
                        bytes = new byte[elements * 4];
                        Buffer.BlockCopy(tensor, 0, bytes, 0, bytes.Length);
                        break;
                    }
                    case "f16":
                    {
                        var tensor = new Half[elements];
                        t = onDevice?.Run(view, tensor, options) ?? pre.Run(view, tensor, options);
                        bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan()).ToArray();
                        break;
                    }
                    case "u8":
                        bytes = new byte[elements];
                        t = onDevice?.Run(view, bytes, options) ?? pre.Run(view, bytes, options);
                        break;
                    default:
                        throw new ArgumentException($"--dtype must be f32, f16 or u8, got '{parse.GetValue(dtype)}'");
                }
                if (!BitConverter.IsLittleEndian)
                {
                    throw new PlatformNotSupportedException("the tensor file is little-endian; this machine is not");
                }
                File.WriteAllBytes(parse.GetValue(output)!.FullName, bytes);
                PixelRect region = options.SourceRegion ?? new PixelRect(0, 0, view.Width, view.Height);
                double gain = GeometryPlanner.Gain(region.Width, region.Height, w, h, options.Mode);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"scale\": {gain:R}, \"pad_left\": {(int)t.PadLeft}, \"pad_top\": {(int)t.PadTop}, \"resized_width\": {t.ResizedWidth}, \"resized_height\": {t.ResizedHeight}}}"));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or DeviceUnavailableException)
            {
                Console.Error.WriteLine($"preprocess: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>The manifest's geometry names (centercrop canonical, crop its alias; see <see cref="PreprocessNames"/>).</summary>
    internal static GeometryMode ParseMode(string text) =>
        PreprocessNames.TryParseGeometry(text, out GeometryMode mode)
            ? mode
            : throw new ArgumentException($"--mode must be {PreprocessNames.GeometryList}, got '{text}'");

    private static (int Width, int Height) ParseSize(string text)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length != 2
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int w)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int h)
            || w <= 0 || h <= 0)
        {
            throw new ArgumentException($"--size must be WxH with positive integers, got '{text}'");
        }
        return (w, h);
    }

    private static Vector3 ParseTriple(string? text, Vector3 fallback, string name)
    {
        if (text is null)
        {
            return fallback;
        }
        string[] parts = text.Split(',');
        var v = new float[3];
        if (parts.Length != 3 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i])).All(ok => ok))
        {
            throw new ArgumentException($"{name} must be three numbers a,b,c, got '{text}'");
        }
        return new Vector3(v[0], v[1], v[2]);
    }
}
