namespace Onboard.Kernels.Preprocess;

/// <summary>Channel order of the model's input tensor.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}
