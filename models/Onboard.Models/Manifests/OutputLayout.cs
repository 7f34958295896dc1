namespace Onboard.Models.Manifests;

/// <summary>How a model's outputs are laid out, which names the decoder that reads them.</summary>
public enum OutputLayout
{
    /// <summary>YOLOv8/YOLO11 head <c>[1, 4 + C, N]</c>, sigmoid class scores, no objectness.</summary>
    YoloV8,
    /// <summary>YOLOv5 head <c>[1, N, 5 + C]</c> with objectness.</summary>
    YoloV5,
    /// <summary>YOLOv10 end-to-end <c>[1, K, 6]</c> (x1, y1, x2, y2, score, class), no NMS.</summary>
    YoloV10,
    /// <summary>RT-DETR <c>[1, Q, 4 + C]</c>, normalised cxcywh boxes, no NMS.</summary>
    RtDetr,
    /// <summary>TensorRT EfficientNMS plugin outputs: num_dets, boxes, scores, classes.</summary>
    EfficientNms,
    /// <summary>ONNX NonMaxSuppression composed in the graph (see <c>NmsGraph</c>): fixed-size detections and a count.</summary>
    OnnxNms,
    /// <summary>DBNet text detection: a probability map <c>[1, 1, H, W]</c>.</summary>
    DbNet,
}
