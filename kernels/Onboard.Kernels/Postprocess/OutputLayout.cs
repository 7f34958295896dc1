namespace Onboard.Kernels.Postprocess;

/// <summary>The detector output layouts this folder decodes (see each decoder for the exact tensor layout).</summary>
public enum OutputLayout
{
    /// <summary>YOLOv8/YOLO11 <c>[B, 4 + C (+ M), N]</c>: channel-major, no objectness; needs NMS.</summary>
    YoloV8,
    /// <summary>YOLOv5/YOLOv7/YOLOX <c>[B, N, 5 + C (+ M)]</c>: anchor-major, objectness × class; needs NMS.</summary>
    YoloV5,
    /// <summary>YOLOv10/YOLO26 end-to-end <c>[B, K, 6]</c>: x1, y1, x2, y2, score, class; no NMS.</summary>
    EndToEnd,
    /// <summary>RT-DETR <c>[B, Q, 4 + C]</c>: normalised cx, cy, w, h and class scores; no NMS.</summary>
    RtDetr,
    /// <summary>EfficientNMS in the graph: num_dets, det_boxes, det_scores, det_classes.</summary>
    EfficientNms,
    /// <summary>ONNX NonMaxSuppression in the graph: boxes, scores and selected_indices <c>[S, 3]</c>.</summary>
    OnnxNms,
    /// <summary>Onboard's composed NMS graph kernel: <c>detections [1, K, 7]</c> rows (x1, y1, x2, y2, score,
    /// class, anchor) best first, zero-padded, and <c>count [1]</c>; already suppressed.</summary>
    Detections,
    /// <summary>DBNet text detection (PP-OCR): a probability map <c>[1, 1, H, W]</c> at the input size, decoded by <c>DbNetDecoder</c>.</summary>
    DbNet,
}
