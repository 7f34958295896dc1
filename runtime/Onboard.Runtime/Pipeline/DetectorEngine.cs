using System.Numerics.Tensors;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Manifests;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// The pipeline's engine over the inference layer's <see cref="DetectorSession"/> and <see cref="FrameDetector"/>.
/// Inference and postprocessing are <see cref="FrameDetector"/>'s. Preprocessing must write into the frame's
/// own tensor (so frame N+1 can be preprocessed while N infers), and <see cref="FrameDetector.Preprocess"/>
/// only writes into the session's single bound input; so this engine applies the same manifest-driven steps
/// (geometry, colour order, pad, scale, then mean/std) into the caller's tensor, and <see cref="Infer"/>
/// copies that tensor into the session input (3·H·W floats, ~0.3 ms at 640², inside the infer stage's time).
/// Both go away once the inference layer can preprocess into, or bind, a caller-owned tensor.
/// </summary>
public sealed class DetectorEngine : IDetectionEngine
{
    private readonly DetectorSession _session;
    private readonly FrameDetector _detector;
    private readonly PreprocessOptions _preprocess;
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Takes ownership of <paramref name="session"/>.</summary>
    public DetectorEngine(DetectorSession session, DetectorSettings? settings = null)
    {
        _session = session;
        _detector = new FrameDetector(session, settings);
        if (session.TakesRawFrame)
        {
            throw new NotSupportedException(
                $"'{session.ModelPath}' takes raw frames (preprocessing composed into the graph); the pipeline overlaps host preprocessing with inference and needs a float NCHW input until DetectorSession can bind a per-frame input");
        }
        InputSpec input = session.Manifest.Input;
        _mean = input.Mean;
        _std = input.Std;
        _preprocess = new PreprocessOptions(session.InputWidth, session.InputHeight)
        {
            Mode = input.Geometry switch
            {
                "stretch" => GeometryMode.Stretch,
                "centercrop" => GeometryMode.CenterCrop,
                _ => GeometryMode.Letterbox,
            },
            PadValue = (byte)input.PadValue,
            Order = input.ColorOrder == "bgr" ? ChannelOrder.Bgr : ChannelOrder.Rgb,
            Scale = input.Scale,
        };
    }

    public int InputLength => _session.Input.Length;
    public string ExecutionProvider => _session.ExecutionProvider;
    public int ClassCount => _detector.ClassCount;
    /// <summary>The effective cap on detections per frame (config, else manifest, else default).</summary>
    public int MaxDetections => _detector.Settings.MaxDetections;
    public DetectorSession Session => _session;

    public ImageTransform Preprocess(scoped in ImageView frame, Span<float> tensor)
    {
        ImageTransform t = Preprocessor.ToPlanarFloat(frame, tensor, _preprocess);
        int plane = _preprocess.Width * _preprocess.Height;
        for (int c = 0; c < 3 && (_mean.Length == 3 || _std.Length == 3); c++)
        {
            Span<float> p = tensor.Slice(c * plane, plane);
            if (_mean.Length == 3)
            {
                TensorPrimitives.Subtract(p, _mean[c], p);
            }
            if (_std.Length == 3)
            {
                TensorPrimitives.Divide(p, _std[c], p);
            }
        }
        return t;
    }

    public void Infer(ReadOnlySpan<float> tensor)
    {
        tensor.CopyTo(_session.Input);
        _detector.Infer();
    }

    public int Postprocess(in ImageTransform transform, Span<Detection> results) => _detector.Postprocess(transform, results);

    public void Dispose() => _session.Dispose();
}
