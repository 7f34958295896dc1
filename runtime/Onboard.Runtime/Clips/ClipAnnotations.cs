using Foxglove;
using Google.Protobuf.WellKnownTypes;

namespace Onboard.Runtime.Clips;

/// <summary>
/// Boxes as <c>foxglove.ImageAnnotations</c>, which Foxglove's image panel draws over the image of the same
/// timestamp: each box a closed 4-point line loop in its class's colour, and a text label at its top-left corner
/// ("#12 sign 0.87" when tracked).
/// </summary>
internal static class ClipAnnotations
{
    // A fixed, well-separated palette (Ultralytics' first colours), so a class keeps its colour across clips.
    private static readonly (double R, double G, double B)[] s_palette =
    [
        (1.00, 0.22, 0.22), (1.00, 0.62, 0.59), (1.00, 0.44, 0.12), (1.00, 0.70, 0.11), (0.81, 0.82, 0.19),
        (0.28, 0.97, 0.52), (0.57, 0.80, 0.09), (0.24, 0.86, 0.52), (0.10, 0.58, 0.28), (0.00, 0.83, 0.73),
    ];

    public static ImageAnnotations Build(long utcNs, ReadOnlySpan<ClipBox> boxes)
    {
        var timestamp = Timestamp(utcNs);
        var annotations = new ImageAnnotations();
        foreach (var box in boxes)
        {
            var (r, g, b) = s_palette[(int)((uint)box.ClassId % s_palette.Length)];
            var color = new Color { R = r, G = g, B = b, A = 1 };
            var loop = new PointsAnnotation
            {
                Timestamp = timestamp,
                Type = PointsAnnotation.Types.Type.LineLoop,
                OutlineColor = color,
                Thickness = 2,
            };
            loop.Points.Add(new Point2 { X = box.X1, Y = box.Y1 });
            loop.Points.Add(new Point2 { X = box.X2, Y = box.Y1 });
            loop.Points.Add(new Point2 { X = box.X2, Y = box.Y2 });
            loop.Points.Add(new Point2 { X = box.X1, Y = box.Y2 });
            annotations.Points.Add(loop);
            annotations.Texts.Add(new TextAnnotation
            {
                Timestamp = timestamp,
                Position = new Point2 { X = box.X1, Y = box.Y1 },
                Text = box.TrackId >= 0 ? "#" + box.TrackId.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + box.Label : box.Label,
                FontSize = 14,
                TextColor = new Color { R = 1, G = 1, B = 1, A = 1 },
                BackgroundColor = new Color { R = color.R * 0.6, G = color.G * 0.6, B = color.B * 0.6, A = 0.8 },
            });
        }
        return annotations;
    }

    public static Timestamp Timestamp(long utcNs)
    {
        var (seconds, nanos) = ClipTime.Split(utcNs);
        return new Timestamp { Seconds = seconds, Nanos = nanos };
    }
}
