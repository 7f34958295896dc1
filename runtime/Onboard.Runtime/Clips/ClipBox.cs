using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Clips;

/// <summary>
/// A box to draw on a clip's image (<c>/&lt;camera&gt;/annotations</c>): corners in source-image pixels, the class
/// (which picks the colour), a label, and a track id (-1: none) shown before the label.
/// </summary>
public readonly record struct ClipBox(float X1, float Y1, float X2, float Y2, int ClassId, string Label, long TrackId = -1)
{
    public static ClipBox From(Detection detection) => new(detection.X1, detection.Y1, detection.X2, detection.Y2, detection.ClassId,
        (detection.ClassName.Length > 0 ? detection.ClassName : "class " + detection.ClassId) + " " + detection.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
}
