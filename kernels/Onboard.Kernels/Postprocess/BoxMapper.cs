using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Boxes from model-input pixels back to source pixels: the inverse of the preprocessing transform
/// (letterbox: subtract the pad, divide by the gain, as Ultralytics' <c>scale_boxes</c>; stretch and crop
/// are the same affine map with their own scale and offset), then clipped to the source image.
/// </summary>
public static class BoxMapper
{
    /// <summary>
    /// Maps every detection in place and drops the ones left with no area (a box wholly in the letterbox
    /// padding or cropped away), keeping the order. Returns how many remain.
    /// </summary>
    public static int ToSource(Span<Detection> detections, in ImageTransform transform)
    {
        int count = 0;
        for (int i = 0; i < detections.Length; i++)
        {
            Detection d = detections[i];
            d.Box = transform.ToSource(d.Box);
            if (d.Box.X2 > d.Box.X1 && d.Box.Y2 > d.Box.Y1)
            {
                detections[count++] = d;
            }
        }
        return count;
    }
}
