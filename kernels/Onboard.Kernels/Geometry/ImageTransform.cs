namespace Onboard.Kernels.Geometry;

/// <summary>
/// The affine map preprocessing applied from source pixels to model-input pixels:
/// <c>model = (source − SourceOffset) * Scale + Pad</c> (per axis). Boxes are mapped back with its inverse, exactly
/// as Ultralytics' <c>scale_boxes</c> does for letterbox (gain and integer pad). A negative pad is a crop (centre
/// crop); a non-zero source offset is an ROI crop of the frame.
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
    /// <summary>Left edge of the source region that was resized (0 unless an ROI was cropped).</summary>
    public float SourceOffsetX { get; init; }

    /// <summary>Top edge of the source region that was resized (0 unless an ROI was cropped).</summary>
    public float SourceOffsetY { get; init; }

    public float ToSourceX(float modelX) => (modelX - PadLeft) / ScaleX + SourceOffsetX;

    public float ToSourceY(float modelY) => (modelY - PadTop) / ScaleY + SourceOffsetY;

    /// <summary>Maps a model-space box to source pixels and clips it to the source image.</summary>
    public BoxF ToSource(BoxF box) => new BoxF(
        Math.Clamp(ToSourceX(box.X1), 0f, SourceWidth),
        Math.Clamp(ToSourceY(box.Y1), 0f, SourceHeight),
        Math.Clamp(ToSourceX(box.X2), 0f, SourceWidth),
        Math.Clamp(ToSourceY(box.Y2), 0f, SourceHeight));
}
