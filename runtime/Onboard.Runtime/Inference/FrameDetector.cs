using System.Globalization;
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
/// <remarks>
/// Preprocessing is one pass of the fused kernel (<see cref="FramePreprocessor"/>): colour conversion, resize, scale
/// and the manifest's mean/std, written straight into the bound tensor — float16 models included, with no float32
/// staging — on row bands over <see cref="PreprocessThreads"/> threads. One kernel per detector, for its one ingest
/// thread; a call that overlaps another (images of one batch filled from several threads) uses the calling thread's own.
/// </remarks>
public sealed class FrameDetector : IDisposable
{
    // One single-threaded kernel per thread, for calls that overlap the detector's own.
    [ThreadStatic]
    private static FramePreprocessor? s_overlapping;

    private readonly FramePreprocessor _preprocessor;
    private int _preprocessorBusy;
    private readonly DetectorSession _session;
    private readonly PreprocessOptions _preprocess;
    private readonly OutputLayout _layout;
    private readonly LayoutSpec _spec;
    private readonly DetectionPostprocessor _postprocessor;
    private readonly DbNetDecoder? _text;
    private readonly TextBox[] _textBoxes = [];
    private readonly int _networkWidth;
    private readonly int _networkHeight;
    private readonly DeviceKernelSet? _device;

    /// <param name="session">The model's session; not owned.</param>
    /// <param name="settings">Thresholds; the manifest's when null.</param>
    /// <param name="preprocessThreads">Row bands the preprocessing kernel runs on (the caller's thread included); 0: <see cref="DefaultPreprocessThreads"/>.</param>
    /// <param name="device">Run preprocessing, decode and NMS on this ILGPU accelerator (<c>"kernels": "device"</c>); null: the host kernels.</param>
    /// <param name="deviceCandidateCap">The device NMS's candidate cap.</param>
    public FrameDetector(DetectorSession session, DetectorSettings? settings = null, int preprocessThreads = 0,
        Kernels.Device.DeviceAccelerator? device = null, int deviceCandidateCap = Kernels.Device.DeviceDetectionPostprocessor.DefaultCandidateCap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(preprocessThreads);
        _session = session;
        var manifest = session.Manifest;
        Settings = settings ?? DetectorSettings.From(manifest.Thresholds);
        _layout = session.Model.Layout;
        if (_layout == OutputLayout.OnnxNms)
        {
            // selected_indices has a data-dependent shape, which cannot be bound to a buffer allocated once.
            throw new ModelLoadException(session.ModelPath,
                "output.layout: onnxnms (raw NonMaxSuppression selected_indices) has a per-frame output shape that cannot be bound allocation-free; " +
                "export fixed-size outputs (EfficientNMS style, layout efficientnms) or compose Onboard's NMS graph kernel (layout detections)");
        }
        InputFormat input = session.Model.Input;
        if (input.Layout == TensorLayout.Nhwc && !session.TakesRawFrame)
        {
            throw new NotSupportedException(
                $"input '{session.InputName}' is float NHWC; the host preprocessing kernel writes NCHW (compose the preprocessing graph kernel, or export NCHW)");
        }
        (_networkWidth, _networkHeight) = session.TakesRawFrame ? NetworkInput(session) : (session.InputWidth, session.InputHeight);
        _preprocess = new PreprocessOptions(_networkWidth, _networkHeight)
        {
            Mode = input.Geometry,
            PadValue = input.PadValue,
            Order = input.Order,
            Scale = input.Scale,
            // The graph kernel's order: (v·scale − mean) / std per model channel, fused into the one pass.
            Mean = input.Mean,
            Std = input.Std,
        };
        _preprocessor = new FramePreprocessor(preprocessThreads == 0 ? DefaultPreprocessThreads : preprocessThreads);
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
        _device = device is null ? null : DeviceKernelSet.Create(device, session, _layout, _spec.Outputs.Count > 0 ? _spec.Outputs[0] : 0,
            Settings.ToPostprocessSettings(), deviceCandidateCap);
        if (_layout == OutputLayout.DbNet)
        {
            _text = new DbNetDecoder(new DbNetOptions());
            _textBoxes = new TextBox[Math.Max(1, Settings.MaxDetections)];
        }
    }

    /// <summary>
    /// Row bands per frame where cores allow: each camera already keeps three stage threads and ONNX Runtime its
    /// intra-op threads busy, so a band thread is worth it only from four cores per band (1 on 2–7 cores, 2 on 8+, at most 4).
    /// </summary>
    public static int DefaultPreprocessThreads => Math.Clamp(Environment.ProcessorCount / 4, 1, 4);

    /// <summary>Threads the preprocessing kernel runs its row bands on.</summary>
    public int PreprocessThreads => _preprocessor.Threads;

    public DetectorSettings Settings { get; }
    public int ClassCount { get; }
    public int AnchorCount { get; }
    public OutputLayout Layout => _layout;

    /// <summary>Candidates the decoders dropped since creation, by reason (NaN/Inf, empty boxes, bad classes).</summary>
    public DecodeStats DecodeStats => _device?.Stats ?? _postprocessor.Stats;

    /// <summary>Frames whose candidates exceeded the device NMS's cap (0 on the host kernels, which have none).</summary>
    public long DeviceCapHits => _device?.CapHits ?? 0;

    /// <summary>True when the device kernels read and write ORT's input and outputs in device memory (CUDA); false on the host-bound path.</summary>
    public bool DeviceBound => _device?.DeviceBound ?? false;

    /// <summary>Candidates dropped because a score or box was NaN or infinite, since creation.</summary>
    public long NonFiniteRejected => _postprocessor.Stats.NonFinite;

    /// <summary>Preprocesses <paramref name="frame"/> into the session's own bound input.</summary>
    public ImageTransform Preprocess(scoped in ImageView frame) =>
        _session.TakesRawFrame ? CopyRawFrame(frame, _session.InputBytes)
        : _device is not null ? _device.Preprocess(frame, null, _preprocess)
        : PreprocessInto(frame, _session.Input);

    /// <summary>
    /// Preprocesses <paramref name="frame"/> into <paramref name="slot"/> (a caller-owned input), touching
    /// nothing a concurrent <see cref="Infer(InputSlot)"/> on another slot uses.
    /// </summary>
    internal ImageTransform Preprocess(scoped in ImageView frame, InputSlot slot) => Preprocess(frame, slot, 0);

    /// <summary>
    /// Preprocesses <paramref name="frame"/> into image <paramref name="image"/> (its batch index) of
    /// <paramref name="slot"/>, touching no other image of the slot: several threads may fill one batch.
    /// </summary>
    internal ImageTransform Preprocess(scoped in ImageView frame, InputSlot slot, int image)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentOutOfRangeException.ThrowIfNegative(image);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(image, slot.BatchSize);
        if (slot.IsRawFrame)
        {
            return CopyRawFrame(frame, slot.Bytes.Slice(image * slot.ImageLength, slot.ImageLength));
        }
        if (_device is not null)
        {
            // The device path refuses batched models: the slot holds one image.
            return _device.Preprocess(frame, slot, _preprocess);
        }
        return slot.IsFloat16
            ? PreprocessInto(frame, slot.WriteImageHalves(image))
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

    /// <summary>
    /// Runs the preprocessing kernel once for every pixel format on a blank 1280×720 frame with this model's
    /// options, before any camera frame: the kernels' code is compiled once per process and format (tens of ms
    /// each, cold), so the first real frame runs at steady-state speed whatever its source delivers. The
    /// plan and scratch rows of the real geometry are built on its first frame (fractions of a millisecond).
    /// </summary>
    public void WarmPreprocessing()
    {
        // Device kernels compile when the detector opens; the host kernels are not used.
        if (_session.TakesRawFrame || _device is not null)
        {
            return;
        }
        Kernels.TensorElementType type = _session.InputTensor.ElementType;
        foreach (PixelFormat format in Enum.GetValues<PixelFormat>())
        {
            _preprocessor.Warm(format, WarmWidth, WarmHeight, _preprocess, type);
        }
    }

    private const int WarmWidth = 1280;
    private const int WarmHeight = 720;

    /// <summary>Elements of one image of the model input.</summary>
    public int ImageLength => _session.InputTensor.Length / _session.BatchSize;

    private ImageTransform PreprocessInto(scoped in ImageView frame, Span<float> tensor)
    {
        if (_device is not null)
        {
            return _device.PreprocessInto(frame, tensor, _preprocess);
        }
        if (Interlocked.Exchange(ref _preprocessorBusy, 1) != 0)
        {
            return (s_overlapping ??= new FramePreprocessor(1)).Run(frame, tensor, _preprocess);
        }
        try
        {
            return _preprocessor.Run(frame, tensor, _preprocess);
        }
        finally
        {
            Volatile.Write(ref _preprocessorBusy, 0);
        }
    }

    private ImageTransform PreprocessInto(scoped in ImageView frame, Span<Half> tensor)
    {
        if (Interlocked.Exchange(ref _preprocessorBusy, 1) != 0)
        {
            return (s_overlapping ??= new FramePreprocessor(1)).Run(frame, tensor, _preprocess);
        }
        try
        {
            return _preprocessor.Run(frame, tensor, _preprocess);
        }
        finally
        {
            Volatile.Write(ref _preprocessorBusy, 0);
        }
    }

    public void Infer()
    {
        if (_device is not null)
        {
            _device.Infer(null);
        }
        else
        {
            _session.Run();
        }
    }

    /// <summary>Runs the model on <paramref name="slot"/>'s input; <see cref="Postprocess(in ImageTransform, Span{Detection})"/> then reads the session's outputs.</summary>
    internal void Infer(InputSlot slot)
    {
        if (_device is not null)
        {
            _device.Infer(slot);
        }
        else
        {
            _session.Run(slot);
        }
    }

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
    internal int Postprocess(InputSlot slot, int image, in ImageTransform transform, Span<Detection> results)
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
                int n = count.ElementType == Kernels.TensorElementType.Int64
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
                return _device?.Postprocess(_spec, o, transform, results)
                    ?? _postprocessor.Process(_spec, ImageOf(o[at[0]].Floats, image, batch), transform, results);
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

    /// <summary>Stops the preprocessing kernel's band threads.</summary>
    public void Dispose()
    {
        _preprocessor.Dispose();
        _device?.Dispose();
    }
}
