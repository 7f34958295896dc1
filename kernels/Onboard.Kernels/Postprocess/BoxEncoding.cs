namespace Onboard.Kernels.Postprocess;

/// <summary>How four numbers describe a box in a model's output.</summary>
public enum BoxEncoding
{
    /// <summary>x1, y1, x2, y2 (corners).</summary>
    Xyxy,
    /// <summary>y1, x1, y2, x2: ONNX <c>NonMaxSuppression</c> with <c>center_point_box = 0</c>.</summary>
    Yxyx,
    /// <summary>centre x, centre y, width, height.</summary>
    Cxcywh,
}
