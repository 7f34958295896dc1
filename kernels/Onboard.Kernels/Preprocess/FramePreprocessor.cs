using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// The fused preprocessing kernel: one pass from a camera frame (any <see cref="PixelFormat"/>, any stride) to
/// the model's input tensor, with no full-resolution intermediate. For each output row it converts only the
/// source rows the row needs (YUV → BGR as OpenCV's cvtColor), resizes them with OpenCV's fixed-point
/// arithmetic, and normalises straight into the caller's tensor, so the 8-bit values equal OpenCV's
/// cvtColor → resize → copyMakeBorder exactly. Row bands run on a persistent worker pool.
/// One instance per pipeline: calls must not overlap. Steady-state calls allocate nothing.
/// </summary>
public sealed partial class FramePreprocessor : IDisposable, IBandJob
{
    private readonly BandWorkerPool _pool;
    private readonly BandState[] _bands;
    private ResizePlan? _plan;
    private int _running;
    private bool _disposed;

    // Per-call state the bands read; set before the pool runs and cleared after.
    private SourceFrame _frame;
    private TensorWriter _writer;
    private int _roiX;
    private int _roiY;
    private int _bpp;
    private (int, int, int) _lanes;

    // The affine mode for the last coefficient set (checked over all 8-bit values only when a width lacks
    // FMA), keyed by the coefficients' bits: float equality would confuse −0 with +0.
    private (int, int, int, int, int, int)? _affineKey;
    private AffineMode _affine;

    /// <param name="threads">Row bands run in parallel on this many threads (the caller's included); 0 = all cores.</param>
    public FramePreprocessor(int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        int n = threads == 0 ? Environment.ProcessorCount : threads;
        _pool = new BandWorkerPool(n);
        _bands = new BandState[n];
        for (int i = 0; i < n; i++)
        {
            _bands[i] = new BandState();
        }
    }

    public int Threads => _pool.Threads;

    /// <summary>Widest vector the kernels may use (512, 256, 128; 0 = scalar only). Tests pin it to compare paths.</summary>
    internal int MaxVectorBits { get; set; } = VectorLoop.Widest;

    /// <summary>Tests: the float writer's <see cref="AffineMode"/> at every width, as if none had a fused multiply-add.</summary>
    internal AffineMode? AffineOverride { get; set; }

    /// <summary>Writes batch item <paramref name="batchIndex"/> of a float32 tensor.</summary>
    public ImageTransform Run(scoped in ImageView source, Span<float> tensor, in PreprocessOptions options, int batchIndex = 0)
    {
        unsafe
        {
            fixed (float* p = tensor)
            {
                return RunCore(source, (byte*)p, tensor.Length, TensorElementType.Float32, options, batchIndex);
            }
        }
    }

    /// <summary>Writes batch item <paramref name="batchIndex"/> of a float16 tensor.</summary>
    public ImageTransform Run(scoped in ImageView source, Span<Half> tensor, in PreprocessOptions options, int batchIndex = 0)
    {
        unsafe
        {
            fixed (Half* p = tensor)
            {
                return RunCore(source, (byte*)p, tensor.Length, TensorElementType.Float16, options, batchIndex);
            }
        }
    }

    /// <summary>Writes batch item <paramref name="batchIndex"/> of a uint8 tensor (pixel values; scale, mean, std unused).</summary>
    public ImageTransform Run(scoped in ImageView source, Span<byte> tensor, in PreprocessOptions options, int batchIndex = 0)
    {
        unsafe
        {
            fixed (byte* p = tensor)
            {
                return RunCore(source, p, tensor.Length, TensorElementType.UInt8, options, batchIndex);
            }
        }
    }

    /// <summary>
    /// Runs everything a frame of this format and size with these options goes through, once, on a blank scratch
    /// frame, so the first real frame finds its resize plan, its scratch rows and its compiled kernels ready and
    /// runs at steady-state speed (cold, the first call pays ~40 ms of JIT compilation, the next ones several
    /// ms). Call it before the first frame of each geometry, e.g. when the pipeline starts; it allocates the
    /// scratch frame and tensor once. The same rules as <see cref="Run(in ImageView, Span{float}, in PreprocessOptions, int)"/> apply.
    /// </summary>
    /// <param name="format">The camera's pixel format.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="options">The options the frames will be run with.</param>
    /// <param name="elementType">The model input's element type.</param>
    /// <param name="stride">Bytes per row of the frames (0 = the format's minimum).</param>
    public void Warm(PixelFormat format, int width, int height, in PreprocessOptions options,
        TensorElementType elementType = TensorElementType.Float32, int stride = 0)
    {
        int rowBytes = stride > 0 ? stride : PixelFormatInfo.MinStride(format, width);
        var view = new ImageView(new byte[PixelFormatInfo.FrameBytes(format, width, height, rowBytes)], width, height, format, rowBytes);
        int elements = checked(3 * options.Width * options.Height);
        switch (elementType)
        {
            case TensorElementType.Float16:
                Run(view, new Half[elements], options);
                break;
            case TensorElementType.UInt8:
                Run(view, new byte[elements], options);
                break;
            default:
                Run(view, new float[elements], options);
                break;
        }
    }

    private unsafe ImageTransform RunCore(scoped in ImageView source, byte* tensor, long length, TensorElementType type, in PreprocessOptions options, int batchIndex)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Scratch rows and the plan belong to one call at a time; a second caller gets a clear error, not torn rows.
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("FramePreprocessor.Run was called while another call on the same instance is running; use one instance per thread");
        }
        try
        {
            return RunLocked(source, tensor, length, type, options, batchIndex);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private unsafe ImageTransform RunLocked(scoped in ImageView source, byte* tensor, long length, TensorElementType type, in PreprocessOptions options, int batchIndex)
    {
        if (source.Data.IsEmpty)
        {
            throw new ArgumentException("the source image is empty (default ImageView)", nameof(source));
        }
        PixelRect roi = ValidateRegion(source, options);
        ImageTransform t = GeometryPlanner.Plan(roi.Width, roi.Height, options.Width, options.Height, options.Mode);
        ValidateOutput(length, type, options, batchIndex);
        TapKind kind = t.ResizedWidth == 0 || t.ResizedHeight == 0
            ? TapKind.Linear // nothing is resized: the tensor is all padding (see ResizePlan)
            : ResizeTaps.Resolve(roi.Width, roi.Height, t.ResizedWidth, t.ResizedHeight, options.Interpolation);
        t = t with { SourceWidth = source.Width, SourceHeight = source.Height, SourceOffsetX = roi.X, SourceOffsetY = roi.Y };

        ResizePlan plan = _plan is not null && _plan.Matches(roi.Width, roi.Height, t, options.Width, options.Height, kind)
            ? _plan
            : _plan = new ResizePlan(roi.Width, roi.Height, t, options.Width, options.Height, kind);
        foreach (BandState band in _bands)
        {
            band.Ensure(plan.Columns, roi.Width, options.Width);
        }

        long itemElements = 3L * options.Width * options.Height;
        int esize = type == TensorElementType.Float32 ? 4 : type == TensorElementType.Float16 ? 2 : 1;
        PixelFormatFacts format = PixelFormatInfo.Of(source.Format);
        _bpp = format.PackedBytes; // 0 for YUV: converted to BGRx rows first.
        int laneB = format.RedFirst ? 2 : 0;
        _lanes = options.Order == ChannelOrder.Rgb ? (2 - laneB, 1, laneB) : (laneB, 1, 2 - laneB);
        _roiX = roi.X;
        _roiY = roi.Y;
        fixed (byte* data = source.Data)
        {
            // Safe: data stays pinned until the pool has finished every band (Run waits for them).
            _frame = new SourceFrame(data, source.Data.Length, source.Width, source.Height, source.Stride, source.Format);
            _writer = AffineOverride is AffineMode forced
                ? new TensorWriter(tensor + batchIndex * itemElements * esize, options, type, _lanes, forced, affineEverywhere: true)
                : new TensorWriter(tensor + batchIndex * itemElements * esize, options, type, _lanes, Affine(options, type));
            try
            {
                _pool.Run(this);
            }
            finally
            {
                _frame = default;
                _writer = default;
            }
        }
        return t;
    }

    /// <summary>
    /// What the float writer does at widths without a fused multiply-add (x64 limited to 128-bit vectors; arm64
    /// and every wider x64 width have one): checked once per coefficient set, since the check costs 768 fused
    /// multiply-adds.
    /// </summary>
    private AffineMode Affine(in PreprocessOptions options, TensorElementType type)
    {
        if (type == TensorElementType.UInt8 || (Vector128Ops.HasFusedMultiplyAdd && Vector256Ops.HasFusedMultiplyAdd))
        {
            return AffineMode.Fused;
        }
        var c = TensorWriter.Coefficients(options);
        var key = (Bits(c.A0), Bits(c.A1), Bits(c.A2), Bits(c.B0), Bits(c.B1), Bits(c.B2));
        if (_affineKey != key)
        {
            _affine = TensorWriter.ChooseAffine(c.A0, c.A1, c.A2, c.B0, c.B1, c.B2);
            _affineKey = key;
        }
        return _affine;

        static int Bits(float f) => BitConverter.SingleToInt32Bits(f);
    }

    internal static PixelRect ValidateRegion(scoped in ImageView source, in PreprocessOptions options)
    {
        if (options.SourceRegion is not PixelRect roi)
        {
            return new PixelRect(0, 0, source.Width, source.Height);
        }
        if (roi.Width <= 0 || roi.Height <= 0)
        {
            throw new ArgumentException($"source region size must be positive, got {roi.Width}x{roi.Height}", nameof(options));
        }
        if (roi.X < 0 || roi.Y < 0 || roi.Right > source.Width || roi.Bottom > source.Height)
        {
            throw new ArgumentException(
                $"source region {roi.X},{roi.Y} {roi.Width}x{roi.Height} is not inside the {source.Width}x{source.Height} frame", nameof(options));
        }
        return roi;
    }

    internal static void ValidateOutput(long length, TensorElementType type, in PreprocessOptions options, int batchIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        long item = 3L * options.Width * options.Height;
        long needed = (batchIndex + 1) * item;
        if (length < needed)
        {
            throw new ArgumentException(
                $"tensor of {length} elements is shorter than batch item {batchIndex} of 3x{options.Height}x{options.Width} needs ({needed})", "tensor");
        }
        if (type != TensorElementType.UInt8)
        {
            if (!float.IsFinite(options.Scale))
            {
                throw new ArgumentException($"scale must be finite, got {options.Scale}", nameof(options));
            }
            if (options.Std.X == 0 || options.Std.Y == 0 || options.Std.Z == 0)
            {
                throw new ArgumentException($"std must be non-zero for every channel, got {options.Std}", nameof(options));
            }
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _pool.Dispose();
        }
    }
}
