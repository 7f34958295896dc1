using System.Globalization;
using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Runtime.Inference;

namespace Onboard.Commands;

/// <summary>
/// What <c>detect</c> prints for a DBNet text detector until the DBNet decoder (postprocessing kernels)
/// lands: the probability map's size and peak, how much of it passes PaddleOCR's binarisation threshold,
/// and the source-pixel rectangle enclosing those pixels.
/// </summary>
internal static partial class DetectCommand
{
    /// <summary>PaddleOCR's <c>det_db_thresh</c>.</summary>
    private const float TextThreshold = 0.3f;

    private static int ReportProbabilityMap(DetectorSession session, ImageTransform transform, int width, int height, bool json)
    {
        long[] shape = session.OutputShape;
        int mh = (int)shape[^2];
        int mw = (int)shape[^1];
        ReadOnlySpan<float> map = session.Output;
        float peak = 0;
        int above = 0;
        float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
        for (int y = 0; y < mh; y++)
        {
            for (int x = 0; x < mw; x++)
            {
                float p = map[y * mw + x];
                peak = Math.Max(peak, p);
                if (p >= TextThreshold)
                {
                    above++;
                    x1 = Math.Min(x1, x);
                    y1 = Math.Min(y1, y);
                    x2 = Math.Max(x2, x + 1);
                    y2 = Math.Max(y2, y + 1);
                }
            }
        }
        BoxF region = above > 0 ? transform.ToSource(new BoxF(x1, y1, x2, y2)) : default;
        var inv = CultureInfo.InvariantCulture;
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("model", session.Manifest.Id);
                w.WriteString("layout", "dbnet");
                w.WriteString("execution_provider", session.ExecutionProvider);
                w.WriteNumber("width", width);
                w.WriteNumber("height", height);
                w.WriteString("note", "raw probability map: the DBNet text-box decoder comes with the postprocessing kernels");
                w.WriteNumber("map_width", mw);
                w.WriteNumber("map_height", mh);
                w.WriteNumber("peak", peak);
                w.WriteNumber("threshold", TextThreshold);
                w.WriteNumber("pixels_above", above);
                if (above > 0)
                {
                    w.WriteStartArray("text_region");
                    w.WriteNumberValue(region.X1);
                    w.WriteNumberValue(region.Y1);
                    w.WriteNumberValue(region.X2);
                    w.WriteNumberValue(region.Y2);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            stdout.WriteByte((byte)'\n');
            return 0;
        }
        Console.WriteLine(string.Create(inv, $"dbnet text detector ({session.Manifest.Id}, {session.ExecutionProvider}): probability map {mw}x{mh} for a {width}x{height} image"));
        Console.WriteLine("the DBNet text-box decoder comes with the postprocessing kernels; the raw map:");
        Console.WriteLine(string.Create(inv, $"peak {peak:0.000}, {above} pixels ≥ {TextThreshold} ({100.0 * above / (mw * mh):0.00}%)"));
        if (above > 0)
        {
            Console.WriteLine(string.Create(inv, $"text region [{region.X1:0.0}, {region.Y1:0.0}, {region.X2:0.0}, {region.Y2:0.0}] (source pixels, encloses every pixel above the threshold)"));
        }
        return 0;
    }
}
