namespace Onboard.Kernels.Imaging;

/// <summary>A rectangle of whole pixels: top-left corner and size.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;

    /// <summary>Parses <c>x,y,w,h</c> (the CLI spelling).</summary>
    public static PixelRect Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',');
        if (parts.Length != 4
            || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out int x)
            || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int y)
            || !int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out int w)
            || !int.TryParse(parts[3], System.Globalization.CultureInfo.InvariantCulture, out int h))
        {
            throw new ArgumentException($"a pixel rectangle is written x,y,width,height, got '{text}'", nameof(text));
        }
        return new PixelRect(x, y, w, h);
    }
}
