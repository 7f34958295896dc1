using System.Globalization;
using System.Numerics.Tensors;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Models.GraphKernels;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Frame in, detections in source pixels out, in three steps a pipeline can time separately:
/// <see cref="Preprocess"/> into the session's bound input, <see cref="Infer"/>, <see cref="Postprocess"/>
/// (decode, NMS, inverse geometry). The manifest says how: input geometry, colour order, scale, mean/std,
/// output layout and thresholds. A model with the graph kernels composed in takes the raw frame and emits
/// final detections; the host then only copies bytes in and maps boxes back. All buffers are allocated once.
/// </summary>
public sealed class FrameDetector
{
    private readonly DetectorSession _session;
    private readonly Detection[] _candidates;
    private readonly PreprocessOptions _preprocess;
    private readonly OutputLayout _layout;
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly int _networkWidth;
    private readonly int _networkHeight;

    public FrameDetector(DetectorSession session, DetectorSettings? settings = null)
    {
        _session = session;
        var manifest = session.Manifest;
        Settings = settings ?? DetectorSettings.From(manifest.Thresholds);
        if (!OutputLayouts.TryParse(manifest.Output.Layout, out _layout))
        {
            throw new ModelLoadException(session.ModelPath, $"output.layout: unknown layout '{manifest.Output.Layout}'");
        }
        var input = manifest.Input;
        if (input.Layout == "nhwc" && !session.TakesRawFrame)
        {
            throw new NotSupportedException(
                $"input '{session.InputName}' is float NHWC; the host preprocessing kernel writes NCHW (compose the preprocessing graph kernel, or export NCHW)");
        }
        _mean = input.Mean;
        _std = input.Std;
        var mode = input.Geometry switch
        {
            "stretch" => GeometryMode.Stretch,
            "centercrop" => GeometryMode.CenterCrop,
            _ => GeometryMode.Letterbox,
        };
        var order = input.ColorOrder == "bgr" ? ChannelOrder.Bgr : ChannelOrder.Rgb;
        (_networkWidth, _networkHeight) = session.TakesRawFrame ? NetworkInput(session) : (session.InputWidth, session.InputHeight);
        _preprocess = new PreprocessOptions(_networkWidth, _networkHeight)
        {
            Mode = mode,
            PadValue = (byte)input.PadValue,
            Order = order,
            Scale = input.Scale,
        };
        switch (_layout)
        {
            case OutputLayout.YoloV8:
                if (session.OutputShape.Length != 3 || session.OutputShape[0] != 1 || session.OutputShape[1] <= 4)
                {
                    throw new ModelLoadException(session.ModelPath,
                        $"output '{session.OutputName}' has shape {ManifestVerifier.Format(session.OutputShape)}, expected the YOLOv8 head [1, 4 + classes, anchors]");
                }
                ClassCount = (int)session.OutputShape[1] - 4;
                AnchorCount = (int)session.OutputShape[2];
                break;
            case OutputLayout.OnnxNms:
                if (session.Outputs.Count != 2 || session.Outputs[0].Shape.Length != 3 || session.Outputs[0].Shape[2] != NmsGraph.Columns)
                {
                    throw new ModelLoadException(session.ModelPath, $"output.layout: onnxnms expects '{NmsGraph.DetectionsName}' [1, K, {NmsGraph.Columns}] and '{NmsGraph.CountName}' [1]");
                }
                ClassCount = Math.Max(manifest.Classes.Length, 1);
                AnchorCount = (int)session.Outputs[0].Shape[1];
                break;
            default:
                // Preprocess and Infer still work; Postprocess says the decoder is missing.
                break;
        }
        _candidates = new Detection[AnchorCount];
    }

    public DetectorSettings Settings { get; }
    public int ClassCount { get; }
    public int AnchorCount { get; }
    public OutputLayout Layout => _layout;

    /// <summary>Candidates dropped because a score or box was NaN or infinite, since creation.</summary>
    public long NonFiniteRejected { get; private set; }

    public ImageTransform Preprocess(scoped in ImageView frame)
    {
        if (_session.TakesRawFrame)
        {
            return CopyRawFrame(frame);
        }
        ImageTransform t = Preprocessor.ToPlanarFloat(frame, _session.Input, _preprocess);
        if (_mean.Length == 3 || _std.Length == 3)
        {
            Normalise(_session.Input, _networkWidth * _networkHeight);
        }
        return t;
    }

    public void Infer() => _session.Run();

    /// <summary>Writes up to <c>results.Length</c> detections, best first, in source pixels; returns the count.</summary>
    public int Postprocess(in ImageTransform transform, Span<Detection> results)
    {
        if (_layout is not (OutputLayout.YoloV8 or OutputLayout.OnnxNms))
        {
            ThrowNoDecoder();
        }
        int kept;
        Span<Detection> candidates;
        if (_layout == OutputLayout.OnnxNms)
        {
            // The graph already decoded and suppressed: rows of x1, y1, x2, y2, score, class, anchor.
            ReadOnlySpan<float> rows = _session.Outputs[0].Floats;
            kept = Math.Min((int)_session.Outputs[1].Floats[0], Math.Min(results.Length, Settings.MaxDetections));
            candidates = _candidates.AsSpan(0, kept);
            for (int i = 0; i < kept; i++)
            {
                ReadOnlySpan<float> r = rows.Slice(i * NmsGraph.Columns, NmsGraph.Columns);
                candidates[i] = new Detection(new BoxF(r[0], r[1], r[2], r[3]), r[4], (int)r[5], (int)r[6]);
            }
        }
        else
        {
            int n = YoloV8Decoder.Decode(_session.Output, ClassCount, AnchorCount, Settings.ScoreThreshold, _candidates, out int rejected);
            NonFiniteRejected += rejected;
            candidates = _candidates.AsSpan(0, n);
            kept = Nms.Greedy(candidates, Settings.IoUThreshold, Settings.ClassAgnostic, Math.Min(Settings.MaxDetections, results.Length));
        }
        for (int i = 0; i < kept; i++)
        {
            Detection d = candidates[i];
            d.Box = transform.ToSource(d.Box);
            results[i] = d;
        }
        return kept;
    }

    public int Detect(scoped in ImageView frame, Span<Detection> results)
    {
        ImageTransform t = Preprocess(frame);
        Infer();
        return Postprocess(t, results);
    }

    /// <summary>Per channel plane: (x − mean) / std, in the order the graph kernel applies them.</summary>
    private void Normalise(Span<float> tensor, int plane)
    {
        for (int c = 0; c < 3; c++)
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
    }

    private ImageTransform CopyRawFrame(scoped in ImageView frame)
    {
        long[] shape = _session.InputShape;
        var want = _preprocess.Order == ChannelOrder.Bgr ? PixelFormat.Bgr24 : PixelFormat.Rgb24;
        if (frame.Width != shape[2] || frame.Height != shape[1] || frame.Format != want)
        {
            ThrowFrameMismatch(frame.Width, frame.Height, frame.Format);
        }
        Span<byte> input = _session.InputBytes;
        int row = frame.Width * 3;
        for (int y = 0; y < frame.Height; y++)
        {
            frame.Row(y).CopyTo(input.Slice(y * row, row));
        }
        return GeometryPlanner.Plan(frame.Width, frame.Height, _networkWidth, _networkHeight, _preprocess.Mode);
    }

    /// <summary>Whether <see cref="Postprocess"/> can decode this model's output layout on this branch.</summary>
    public bool HasDecoder => _layout is OutputLayout.YoloV8 or OutputLayout.OnnxNms;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowNoDecoder() =>
        throw new NotSupportedException(
            $"output layout '{_session.Manifest.Output.Layout}' has no host decoder on this branch yet (yolov8 and onnxnms do); the postprocessing kernels add the others");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowFrameMismatch(int width, int height, PixelFormat format) =>
        throw new ArgumentException(
            $"this model takes raw {_session.InputShape[2]}x{_session.InputShape[1]} {(_preprocess.Order == ChannelOrder.Bgr ? "bgr24" : "rgb24")} frames (preprocessing composed in), got {width}x{height} {PixelFormatInfo.Name(format)}");

    private static (int Width, int Height) NetworkInput(DetectorSession session)
    {
        var entry = session.Model.Model.MetadataProps.FirstOrDefault(p => p.Key == GraphComposer.NetworkInputKey)
            ?? throw new ModelLoadException(session.ModelPath, $"takes a raw frame but has no '{GraphComposer.NetworkInputKey}' metadata to map boxes back");
        string[] parts = entry.Value.Split(',');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
