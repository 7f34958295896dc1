using System.CommandLine;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Imaging;

namespace Onboard.Commands;

/// <summary>
/// The options that describe one raw frame file (<c>--format --width --height [--stride]</c>), shared by
/// <c>preprocess</c> and <c>detect</c> so both spell and check them the same way.
/// </summary>
internal sealed class RawFrameOptions
{
    private RawFrameOptions(bool required)
    {
        Format = new Option<string?>("--format") { Description = PixelFormatInfo.NameList, Required = required };
        Width = new Option<int?>("--width") { Description = "Frame width in pixels", Required = required };
        Height = new Option<int?>("--height") { Description = "Frame height in pixels", Required = required };
        Stride = new Option<int>("--stride") { Description = "Bytes per row of the first plane (default: packed)" };
    }

    public Option<string?> Format { get; }
    public Option<int?> Width { get; }
    public Option<int?> Height { get; }
    public Option<int> Stride { get; }

    /// <summary>Options every command line must give (<c>preprocess</c>).</summary>
    public static RawFrameOptions Required() => new(required: true);

    /// <summary>Options that, when <c>--format</c> is given, make the input a raw frame (<c>detect</c>).</summary>
    public static RawFrameOptions Optional() => new(required: false);

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Width);
        command.Options.Add(Height);
        command.Options.Add(Stride);
    }

    /// <summary>Whether the command line describes a raw frame (<c>--format</c> given).</summary>
    public bool IsGiven(ParseResult parse) => parse.GetValue(Format) is not null;

    /// <summary>
    /// Reads <paramref name="path"/> as one frame of the given format and geometry. Throws
    /// <see cref="ArgumentException"/> naming the file and what does not fit (format, size, stride, length).
    /// </summary>
    public ImageBuffer Read(ParseResult parse, string path)
    {
        PixelFormat format = PixelFormatInfo.Parse(parse.GetValue(Format) ?? throw new ArgumentException("--format is required for a raw frame"));
        int width = parse.GetValue(Width) ?? throw new ArgumentException("a raw frame needs --width (and --height)");
        int height = parse.GetValue(Height) ?? throw new ArgumentException("a raw frame needs --height (and --width)");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"raw frame '{path}' not found", path);
        }
        byte[] data = File.ReadAllBytes(path);
        try
        {
            return new ImageBuffer(data, width, height, format, parse.GetValue(Stride));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"raw frame '{path}': {e.Message}", e);
        }
    }
}
