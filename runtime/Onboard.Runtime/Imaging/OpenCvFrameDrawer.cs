using Onboard.Runtime.Clips;
using OpenCvSharp;

namespace Onboard.Runtime.Imaging;

/// <summary>
/// Draws a clip frame's boxes for <c>onboard clip extract</c>: OpenCV decodes the JPEG, draws each box and its label
/// (<c>#12 red_circle 0.87</c>) and encodes it again at quality 90. A frame without boxes, or one OpenCV cannot decode, is written as it was.
/// </summary>
public sealed class OpenCvFrameDrawer : IClipFrameDrawer
{
    private const int Quality = 90;
    private static readonly Scalar s_box = new(80, 220, 80);
    private static readonly Scalar s_text = new(255, 255, 255);

    public bool Draws => true;

    public byte[] Draw(byte[] jpeg, IReadOnlyList<ClipBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        if (boxes.Count == 0)
        {
            return jpeg; // nothing to draw: the frame as recorded, not re-encoded
        }
        using Mat image = Cv2.ImDecode(jpeg, ImreadModes.Color);
        if (image.Empty())
        {
            return jpeg;
        }
        foreach (ClipBox b in boxes)
        {
            var topLeft = new Point((int)MathF.Round(b.X1), (int)MathF.Round(b.Y1));
            Cv2.Rectangle(image, topLeft, new Point((int)MathF.Round(b.X2), (int)MathF.Round(b.Y2)), s_box, 2);
            if (b.Label.Length > 0)
            {
                Size size = Cv2.GetTextSize(b.Label, HersheyFonts.HersheySimplex, 0.4, 1, out int baseline);
                var origin = new Point(topLeft.X, Math.Max(size.Height + baseline, topLeft.Y - 2));
                Cv2.Rectangle(image, new Rect(origin.X, origin.Y - size.Height - baseline, size.Width, size.Height + baseline), s_box, -1);
                Cv2.PutText(image, b.Label, new Point(origin.X, origin.Y - baseline), HersheyFonts.HersheySimplex, 0.4, s_text, 1, LineTypes.AntiAlias);
            }
        }
        return Cv2.ImEncode(".jpg", image, out byte[] drawn, [(int)ImwriteFlags.JpegQuality, Quality]) ? drawn : jpeg;
    }
}
