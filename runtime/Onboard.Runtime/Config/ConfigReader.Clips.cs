using System.Text.Json;

namespace Onboard.Runtime.Config;

/// <summary>The <c>clips</c> section: <c>{ "spool", "quotaMb", "preBufferMb", "jpegQuality", "width" }</c> (issue 12).</summary>
public static partial class ConfigReader
{
    private static ClipsConfig ReadClips(JsonFields root, string baseDirectory, List<ConfigError> errors)
    {
        var d = new ClipsConfig();
        if (!root.TryGet("clips", out JsonElement element))
        {
            return d with { Spool = Path.Combine(baseDirectory, d.Spool) };
        }
        JsonFields? f = JsonFields.Of(element, root.At("clips"), errors);
        if (f is null)
        {
            return d;
        }
        string spool = f.String("spool") ?? d.Spool;
        if (spool.Length == 0)
        {
            f.Error("spool", "must name a directory");
        }
        int width = f.Integer("width", d.Width, 0, 8192);
        if ((width & 1) != 0)
        {
            f.Error("width", $"must be even (got {width}): JPEG's 4:2:0 chroma halves it");
        }
        var clips = new ClipsConfig
        {
            Spool = Path.Combine(baseDirectory, spool),
            QuotaMb = f.Number("quotaMb", d.QuotaMb, 0, 1 << 24, exclusiveMin: true),
            PreBufferMb = f.Number("preBufferMb", d.PreBufferMb, 0, 1 << 16, exclusiveMin: true),
            JpegQuality = f.Integer("jpegQuality", d.JpegQuality, 1, 100),
            Width = width,
        };
        f.Finish();
        return clips;
    }
}
