namespace Onboard.Kernels.Geometry;

/// <summary>An axis-aligned box in corner form (x1, y1) – (x2, y2), pixels, x2 &gt; x1 when not empty.</summary>
public readonly record struct BoxF(float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public float Area => Width > 0 && Height > 0 ? Width * Height : 0f;
    public float CenterX => 0.5f * (X1 + X2);
    public float CenterY => 0.5f * (Y1 + Y2);

    public static BoxF FromCenter(float cx, float cy, float w, float h) =>
        new(cx - 0.5f * w, cy - 0.5f * h, cx + 0.5f * w, cy + 0.5f * h);

    /// <summary>Intersection over union in float; 0 when either box is empty.</summary>
    public static float IoU(in BoxF a, in BoxF b)
    {
        float iw = MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1);
        float ih = MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1);
        if (iw <= 0 || ih <= 0)
        {
            return 0f;
        }
        float inter = iw * ih;
        return inter / (a.Area + b.Area - inter);
    }
}
