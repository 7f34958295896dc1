namespace Onboard.Runtime.Config;

/// <summary><c>models.NAME.kernels</c>: where a model's preprocessing, decode and NMS run.</summary>
public enum KernelPlacement
{
    /// <summary>The host SIMD kernels (the reference; every layout and input).</summary>
    Host,
    /// <summary>The ILGPU device kernels on a CUDA accelerator, beside ONNX Runtime's CUDA/TensorRT provider.</summary>
    Device,
}
