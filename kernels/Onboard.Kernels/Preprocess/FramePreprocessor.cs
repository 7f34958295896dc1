using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;

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
    internal int MaxVectorBits { get; set; } = 512;

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
        _bpp = source.Format switch
        {
            PixelFormat.Bgr24 or PixelFormat.Rgb24 => 3,
            PixelFormat.Bgra32 or PixelFormat.Rgba32 => 4,
            PixelFormat.Gray8 => 1,
            _ => 0, // YUV: converted to BGRx rows first.
        };
        int laneB = source.Format is PixelFormat.Rgb24 or PixelFormat.Rgba32 ? 2 : 0;
        _lanes = options.Order == ChannelOrder.Rgb ? (2 - laneB, 1, laneB) : (laneB, 1, 2 - laneB);
        _roiX = roi.X;
        _roiY = roi.Y;
        fixed (byte* data = source.Data)
        {
            // Safe: data stays pinned until the pool has finished every band (Run waits for them).
            _frame = new SourceFrame(data, source.Data.Length, source.Width, source.Height, source.Stride, source.Format);
            _writer = new TensorWriter(tensor + batchIndex * itemElements * esize, options, type, _lanes);
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

    private static PixelRect ValidateRegion(scoped in ImageView source, in PreprocessOptions options)
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

    private static void ValidateOutput(long length, TensorElementType type, in PreprocessOptions options, int batchIndex)
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
