namespace Onboard.Kernels.Preprocess;

/// <summary>How a source frame is fitted into the model's input rectangle.</summary>
public enum GeometryMode
{
    /// <summary>Keep aspect ratio, scale to fit, pad the rest (Ultralytics <c>LetterBox</c>).</summary>
    Letterbox,
    /// <summary>Scale each axis independently to fill the input (RT-DETR style).</summary>
    Stretch,
    /// <summary>Keep aspect ratio, scale to cover, crop the centre.</summary>
    CenterCrop,
}
