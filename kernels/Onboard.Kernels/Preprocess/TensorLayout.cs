namespace Onboard.Kernels.Preprocess;

/// <summary>Memory order of the model's input tensor.</summary>
public enum TensorLayout
{
    /// <summary>Planar: [N, C, H, W] (ONNX vision models).</summary>
    Nchw,
    /// <summary>Interleaved: [N, H, W, C] (TFLite-style exports, OpenCV images).</summary>
    Nhwc,
}
