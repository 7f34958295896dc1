namespace Onboard.Kernels.Geometry;

/// <summary>
/// The affine map preprocessing applied from source pixels to model-input pixels:
/// <c>model = source * Scale + Pad</c> (per axis). Boxes are mapped back with its inverse, exactly as
/// Ultralytics' <c>scale_boxes</c> does for letterbox (gain and integer pad).
/// </summary>
public readonly record struct ImageTransform(
    float ScaleX,
    float ScaleY,
    float PadLeft,
    float PadTop,
    int ResizedWidth,
    int ResizedHeight,
    int SourceWidth,
    int SourceHeight)
{
    public float ToSourceX(float modelX) => (modelX - PadLeft) / ScaleX;

    public float ToSourceY(float modelY) => (modelY - PadTop) / ScaleY;

    /// <summary>Maps a model-space box to source pixels and clips it to the source image.</summary>
    public BoxF ToSource(BoxF box) => new BoxF(
        Math.Clamp(ToSourceX(box.X1), 0f, SourceWidth),
        Math.Clamp(ToSourceY(box.Y1), 0f, SourceHeight),
        Math.Clamp(ToSourceX(box.X2), 0f, SourceWidth),
        Math.Clamp(ToSourceY(box.Y2), 0f, SourceHeight));
}
