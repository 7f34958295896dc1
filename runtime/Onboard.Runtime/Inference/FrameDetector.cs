using System.Globalization;
using System.Numerics.Tensors;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Postprocess.Text;
using Onboard.Kernels.Preprocess;
using Onboard.Models.GraphKernels;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Frame in, detections in source pixels out, in three steps a pipeline can time separately:
/// <see cref="Preprocess(in ImageView)"/> into the session's bound input, <see cref="Infer()"/>, <see cref="Postprocess(in ImageTransform, Span{Detection})"/>
/// (decode, NMS, inverse geometry). The manifest says how: input geometry, colour order, scale, mean/std,
/// output layout and thresholds; the layout's decoder comes from the postprocessing kernels
/// (<see cref="DetectionPostprocessor"/>, <see cref="DbNetDecoder"/> for text). A model with the graph kernels
/// composed in takes the raw frame and emits final detections; the host then only copies bytes in and
/// maps boxes back. All buffers are allocated once.
/// </summary>
public sealed class FrameDetector
{
    private readonly DetectorSession _session;
    private readonly PreprocessOptions _preprocess;
    private readonly OutputLayout _layout;
    private readonly LayoutSpec _spec;
    private readonly DetectionPostprocessor _postprocessor;
    private readonly DbNetDecoder? _text;
    private readonly TextBox[] _textBoxes = [];
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
        if (_layout == OutputLayout.OnnxNms)
        {
            // selected_indices has a data-dependent shape, which cannot be bound to a buffer allocated once.
            throw new ModelLoadException(session.ModelPath,
                "output.layout: onnxnms (raw NonMaxSuppression selected_indices) has a per-frame output shape that cannot be bound allocation-free; " +
                "export fixed-size outputs (EfficientNMS style, layout efficientnms) or compose Onboard's NMS graph kernel (layout detections)");
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
        var outputs = new OutputTensorInfo[session.Outputs.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = session.Outputs[i].Info;
        }
        try
        {
            _spec = LayoutRecognizer.Resolve(_layout, outputs, manifest.Classes.Length);
        }
        catch (OutputLayoutException e)
        {
            throw new ModelLoadException(session.ModelPath, "output.layout: " + e.Message, e);
        }
        ClassCount = Math.Max(_spec.ClassCount, manifest.Classes.Length);
        AnchorCount = _spec.Count > 0 ? (int)_spec.Count : 0;
        _postprocessor = new DetectionPostprocessor(Settings.ToPostprocessSettings(), _networkWidth, _networkHeight, Math.Max(1, AnchorCount));
        if (_layout == OutputLayout.DbNet)
        {
            _text = new DbNetDecoder(new DbNetOptions());
            _textBoxes = new TextBox[Math.Max(1, Settings.MaxDetections)];
        }
    }

    public DetectorSettings Settings { get; }
    public int ClassCount { get; }
    public int AnchorCount { get; }
    public OutputLayout Layout => _layout;

    /// <summary>Candidates the decoders dropped since creation, by reason (NaN/Inf, empty boxes, bad classes).</summary>
    public DecodeStats DecodeStats => _postprocessor.Stats;

    /// <summary>Candidates dropped because a score or box was NaN or infinite, since creation.</summary>
    public long NonFiniteRejected => _postprocessor.Stats.NonFinite;

    /// <summary>Preprocesses <paramref name="frame"/> into the session's own bound input.</summary>
    public ImageTransform Preprocess(scoped in ImageView frame) =>
        _session.TakesRawFrame ? CopyRawFrame(frame, _session.InputBytes) : PreprocessInto(frame, _session.Input);

    /// <summary>
    /// Preprocesses <paramref name="frame"/> into <paramref name="slot"/> (a caller-owned input), touching
    /// nothing a concurrent <see cref="Infer(InputSlot)"/> on another slot uses.
    /// </summary>
    public ImageTransform Preprocess(scoped in ImageView frame, InputSlot slot) => Preprocess(frame, slot, 0);

    /// <summary>
    /// Preprocesses <paramref name="frame"/> into image <paramref name="image"/> (its batch index) of
    /// <paramref name="slot"/>, touching no other image of the slot: several threads may fill one batch.
    /// </summary>
    public ImageTransform Preprocess(scoped in ImageView frame, InputSlot slot, int image)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentOutOfRangeException.ThrowIfNegative(image);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(image, slot.BatchSize);
        return slot.IsRawFrame
            ? CopyRawFrame(frame, slot.Bytes.Slice(image * slot.ImageLength, slot.ImageLength))
            : PreprocessInto(frame, slot.ImageFloats(image));
    }

    /// <summary>
    /// Preprocesses <paramref name="frame"/> into one image's float tensor held by the caller (CHW,
    /// <see cref="ImageLength"/> values), e.g. a frame's own buffer that joins a batch later.
    /// </summary>
    public ImageTransform Preprocess(scoped in ImageView frame, Span<float> image)
    {
        if (_session.TakesRawFrame)
        {
            throw new NotSupportedException($"'{_session.ModelPath}' takes raw frames; preprocess into its input slot instead");
        }
        return PreprocessInto(frame, image[..ImageLength]);
    }

    /// <summary>Elements of one image of the model input.</summary>
    public int ImageLength => _session.InputTensor.Length / _session.BatchSize;

    private ImageTransform PreprocessInto(scoped in ImageView frame, Span<float> tensor)
    {
        ImageTransform t = Preprocessor.ToPlanarFloat(frame, tensor, _preprocess);
        if (_mean.Length == 3 || _std.Length == 3)
        {
            Normalise(tensor, _networkWidth * _networkHeight);
        }
        return t;
    }

    public void Infer() => _session.Run();

    /// <summary>Runs the model on <paramref name="slot"/>'s input; <see cref="Postprocess(in ImageTransform, Span{Detection})"/> then reads the session's outputs.</summary>
    public void Infer(InputSlot slot) => _session.Run(slot);

    /// <summary>
    /// Writes up to <c>results.Length</c> detections, best first, in source pixels; returns the count.
    /// A text detector (DBNet) reports each text region's axis-aligned bounds as class 0; its rotated
    /// quadrilaterals are in <see cref="TextBoxes"/> after the call.
    /// </summary>
    public int Postprocess(in ImageTransform transform, Span<Detection> results) => Decode(_session.Outputs, 0, transform, results);

    /// <summary>
    /// Like <see cref="Postprocess(in ImageTransform, Span{Detection})"/>, for image <paramref name="image"/> of the
    /// last run of <paramref name="slot"/>: decodes that image's slice of the slot's outputs.
    /// </summary>
    public int Postprocess(InputSlot slot, int image, in ImageTransform transform, Span<Detection> results)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentOutOfRangeException.ThrowIfNegative(image);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(image, slot.BatchSize);
        return Decode(slot.Outputs, image, transform, results);
    }

    private int Decode(IReadOnlyList<BoundTensor> o, int image, in ImageTransform transform, Span<Detection> results)
    {
        IReadOnlyList<int> at = _spec.Outputs;
        int batch = _session.BatchSize;
        switch (_layout)
        {
            case OutputLayout.EfficientNms:
            {
                BoundTensor count = o[at[0]];
                int n = count.ElementType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64
                    ? (int)ImageOf(count.Int64s, image, batch)[0]
                    : ImageOf(count.Int32s, image, batch)[0];
                return _postprocessor.ProcessEfficientNms(n, ImageOf(o[at[1]].Floats, image, batch), ImageOf(o[at[2]].Floats, image, batch),
                    ImageOf(o[at[3]].Int32s, image, batch), _spec.ClassCount, _spec.BoxEncoding, transform, results);
            }
            case OutputLayout.Detections:
                return DecodeDetectionRows(ImageOf(o[at[0]].Floats, image, batch), (int)ImageOf(o[at[1]].Floats, image, batch)[0], transform, results);
            case OutputLayout.DbNet:
            {
                int n = _text!.Decode(ImageOf(o[at[0]].Floats, image, batch), _networkWidth, _networkHeight, transform, _textBoxes.AsSpan(0, Math.Min(_textBoxes.Length, results.Length)));
                for (int i = 0; i < n; i++)
                {
                    results[i] = new Detection(_textBoxes[i].Bounds, _textBoxes[i].Score, 0, i);
                }
                TextBoxCount = n;
                return n;
            }
            default:
                return _postprocessor.Process(_spec, ImageOf(o[at[0]].Floats, image, batch), transform, results);
        }
    }

    /// <summary>Image <paramref name="image"/>'s slice of an output whose axis 0 is the batch (checked when the session opened).</summary>
    private static Span<T> ImageOf<T>(Span<T> output, int image, int batch)
    {
        int length = output.Length / batch;
        return output.Slice(image * length, length);
    }

    /// <summary>The rotated text boxes of the last <see cref="Postprocess(in ImageTransform, Span{Detection})"/> of a DBNet model, in source pixels.</summary>
    public ReadOnlySpan<TextBox> TextBoxes => _textBoxes.AsSpan(0, TextBoxCount);

    private int TextBoxCount { get; set; }

    public int Detect(scoped in ImageView frame, Span<Detection> results)
    {
        ImageTransform t = Preprocess(frame);
        Infer();
        return Postprocess(t, results);
    }

    /// <summary>Onboard's composed NMS output: rows of x1, y1, x2, y2, score, class, anchor, already suppressed.</summary>
    private int DecodeDetectionRows(ReadOnlySpan<float> rows, int count, in ImageTransform transform, Span<Detection> results)
    {
        int n = Math.Clamp(count, 0, rows.Length / NmsGraph.Columns);
        Span<Detection> candidates = _postprocessor.Candidates(n);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> r = rows.Slice(i * NmsGraph.Columns, NmsGraph.Columns);
            candidates[i] = new Detection(new BoxF(r[0], r[1], r[2], r[3]), r[4], (int)r[5], (int)r[6]);
        }
        return _postprocessor.Select(n, suppress: false, transform, results);
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

    private ImageTransform CopyRawFrame(scoped in ImageView frame, Span<byte> input)
    {
        long[] shape = _session.InputShape;
        var want = _preprocess.Order == ChannelOrder.Bgr ? PixelFormat.Bgr24 : PixelFormat.Rgb24;
        if (frame.Width != shape[2] || frame.Height != shape[1] || frame.Format != want)
        {
            ThrowFrameMismatch(frame.Width, frame.Height, frame.Format);
        }
        int row = frame.Width * 3;
        for (int y = 0; y < frame.Height; y++)
        {
            frame.Row(y).CopyTo(input.Slice(y * row, row));
        }
        return GeometryPlanner.Plan(frame.Width, frame.Height, _networkWidth, _networkHeight, _preprocess.Mode);
    }

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
