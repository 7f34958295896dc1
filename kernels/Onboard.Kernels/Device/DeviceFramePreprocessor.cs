using ILGPU;
using Half = System.Half;
using ILGPU.Runtime;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;

namespace Onboard.Kernels.Device;

/// <summary>
/// The device twin of <see cref="FramePreprocessor"/>: the same inputs, options, validation and transform, the
/// same tensor bits, computed by <see cref="PreprocessKernels"/> on an ILGPU accelerator. The geometry (taps and
/// value tables) is planned on the host with the host's own code and uploaded once per geometry; per frame
/// only the frame goes up. <see cref="Enqueue"/> leaves the tensor on the device (the engine binds it to ONNX
/// Runtime); the span overloads copy it back (tests and the CLI). One instance per pipeline.
/// </summary>
public sealed class DeviceFramePreprocessor : IDisposable
{
    private readonly DeviceAccelerator _device;
    private readonly Action<AcceleratorStream, Index2D, PreprocessParameters, ArrayView<byte>, PreprocessTaps, ArrayView<uint>> _float32;
    private readonly Action<AcceleratorStream, Index2D, PreprocessParameters, ArrayView<byte>, PreprocessTaps, ArrayView<ushort>> _float16;
    private readonly Action<AcceleratorStream, Index2D, PreprocessParameters, ArrayView<byte>, PreprocessTaps, ArrayView<byte>> _uint8;
    private readonly DeviceBuffer<byte> _frame;
    private readonly DeviceBuffer<byte> _tensor;
    private readonly DeviceBuffer<int> _taps;
    private readonly DeviceBuffer<uint> _values;
    private readonly HostTransfer<byte> _frameUpload;
    private readonly HostTransfer<byte> _tensorUpload;
    private readonly HostTransfer<byte> _tensorDownload;
    private ResizePlan? _plan;
    private (int, int, int, int, int, int, int)? _valuesKey;

    public DeviceFramePreprocessor(DeviceAccelerator device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Accelerator a = device.Accelerator;
        _float32 = a.LoadAutoGroupedKernel<Index2D, PreprocessParameters, ArrayView<byte>, PreprocessTaps, ArrayView<uint>>(PreprocessKernels.Float32);
        _float16 = a.LoadAutoGroupedKernel<Index2D, PreprocessParameters, ArrayView<byte>, PreprocessTaps, ArrayView<ushort>>(PreprocessKernels.Float16);
        _uint8 = a.LoadAutoGroupedKernel<Index2D, PreprocessParameters, ArrayView<byte>, PreprocessTaps, ArrayView<byte>>(PreprocessKernels.UInt8);
        _frame = new DeviceBuffer<byte>(a);
        _tensor = new DeviceBuffer<byte>(a);
        _taps = new DeviceBuffer<int>(a);
        _values = new DeviceBuffer<uint>(a);
        _frameUpload = new HostTransfer<byte>(device);
        _tensorUpload = new HostTransfer<byte>(device);
        _tensorDownload = new HostTransfer<byte>(device);
    }

    /// <summary>Writes batch item <paramref name="batchIndex"/> of a float32 tensor.</summary>
    public ImageTransform Run(scoped in ImageView source, Span<float> tensor, in PreprocessOptions options, int batchIndex = 0) =>
        RunAndCopy(source, System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor), tensor.Length, TensorElementType.Float32, options, batchIndex);

    /// <summary>Writes batch item <paramref name="batchIndex"/> of a float16 tensor.</summary>
    public ImageTransform Run(scoped in ImageView source, Span<Half> tensor, in PreprocessOptions options, int batchIndex = 0) =>
        RunAndCopy(source, System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor), tensor.Length, TensorElementType.Float16, options, batchIndex);

    /// <summary>Writes batch item <paramref name="batchIndex"/> of a uint8 tensor.</summary>
    public ImageTransform Run(scoped in ImageView source, Span<byte> tensor, in PreprocessOptions options, int batchIndex = 0) =>
        RunAndCopy(source, tensor, tensor.Length, TensorElementType.UInt8, options, batchIndex);

    private ImageTransform RunAndCopy(scoped in ImageView source, Span<byte> tensor, long elements, TensorElementType type, in PreprocessOptions options, int batchIndex)
    {
        ArrayView<byte> view = _tensor.Ensure(tensor.Length);
        // Batch items other than this one keep the caller's values, as on the host.
        _tensorUpload.Upload(_device.Stream, tensor, view);
        ImageTransform t = Enqueue(source, view, elements, type, options, batchIndex);
        _tensorDownload.Download(_device.Stream, view, tensor);
        return t;
    }

    /// <summary>
    /// Uploads <paramref name="source"/> and queues the kernel writing batch item <paramref name="batchIndex"/> of
    /// <paramref name="tensor"/> (a device tensor of <paramref name="elements"/> elements of <paramref name="type"/>),
    /// on the accelerator's stream; returns without waiting for it.
    /// </summary>
    public ImageTransform Enqueue(scoped in ImageView source, ArrayView<byte> tensor, long elements, TensorElementType type, in PreprocessOptions options, int batchIndex = 0)
    {
        if (source.Data.IsEmpty)
        {
            throw new ArgumentException("the source image is empty (default ImageView)", nameof(source));
        }
        if (type is not (TensorElementType.Float32 or TensorElementType.Float16 or TensorElementType.UInt8))
        {
            throw new ArgumentException($"the preprocessing kernel writes float32, float16 or uint8 tensors, not {type}", nameof(type));
        }
        PixelRect roi = FramePreprocessor.ValidateRegion(source, options);
        ImageTransform t = GeometryPlanner.Plan(roi.Width, roi.Height, options.Width, options.Height, options.Mode);
        FramePreprocessor.ValidateOutput(elements, type, options, batchIndex);
        TapKind kind = t.ResizedWidth == 0 || t.ResizedHeight == 0
            ? TapKind.Linear
            : ResizeTaps.Resolve(roi.Width, roi.Height, t.ResizedWidth, t.ResizedHeight, options.Interpolation);
        t = t with { SourceWidth = source.Width, SourceHeight = source.Height, SourceOffsetX = roi.X, SourceOffsetY = roi.Y };
        PreprocessTaps taps = Taps(roi, t, options, kind);
        taps.Values = Values(options, type);

        PixelFormatFacts format = PixelFormatInfo.Of(source.Format);
        int laneB = format.RedFirst ? 2 : 0;
        (int l0, int l1, int l2) = options.Order == ChannelOrder.Rgb ? (2 - laneB, 1, laneB) : (laneB, 1, 2 - laneB);
        ResizePlan plan = _plan!;
        var p = new PreprocessParameters
        {
            FrameHeight = source.Height,
            Stride = source.Stride,
            Format = (int)source.Format,
            PackedBytes = format.PackedBytes,
            RoiX = roi.X,
            RoiY = roi.Y,
            Width = options.Width,
            Height = options.Height,
            Columns = plan.Columns,
            Rows = plan.Rows,
            FirstColumn = plan.FirstColumn,
            FirstRow = plan.FirstRow,
            Box = kind == TapKind.Box ? 1 : 0,
            Lane0 = l0,
            Lane1 = l1,
            Lane2 = l2,
            Interleaved = options.Layout == TensorLayout.Nhwc ? 1 : 0,
            ItemOffset = batchIndex * 3L * options.Width * options.Height,
            PadValue = options.PadValue,
        };
        long frameBytes = PixelFormatInfo.FrameBytes(source.Format, source.Width, source.Height, source.Stride);
        ArrayView<byte> frame = _frame.Ensure(frameBytes);
        _frameUpload.Upload(_device.Stream, source.Data[..(int)frameBytes], frame);
        var extent = new Index2D(options.Width, options.Height);
        switch (type)
        {
            case TensorElementType.Float32:
                _float32(_device.Stream, extent, p, frame, taps, tensor.Cast<uint>());
                break;
            case TensorElementType.Float16:
                _float16(_device.Stream, extent, p, frame, taps, tensor.Cast<ushort>());
                break;
            default:
                _uint8(_device.Stream, extent, p, frame, taps, tensor);
                break;
        }
        return t;
    }

    /// <summary>The plan's taps on the device, uploaded again only when the geometry changes.</summary>
    private PreprocessTaps Taps(PixelRect roi, in ImageTransform t, in PreprocessOptions options, TapKind kind)
    {
        bool same = _plan is not null && _plan.Matches(roi.Width, roi.Height, t, options.Width, options.Height, kind);
        ResizePlan plan = same ? _plan! : new ResizePlan(roi.Width, roi.Height, t, options.Width, options.Height, kind);
        int c = Math.Max(1, plan.Columns);
        int r = Math.Max(1, plan.Rows);
        ArrayView<int> all = _taps.Ensure(4L * c + 4L * r);
        if (!same)
        {
            var host = new int[4 * c + 4 * r];
            for (int i = 0; i < plan.Columns; i++)
            {
                host[i] = plan.XOfs[i];
                host[c + i] = plan.XOfs1[i];
                host[2 * c + i] = plan.Weights[8 * i];
                host[3 * c + i] = plan.Weights[8 * i + 1];
            }
            for (int j = 0; j < plan.Rows; j++)
            {
                host[4 * c + j] = plan.Y0[j];
                host[4 * c + r + j] = plan.Y1[j];
                host[4 * c + 2 * r + j] = plan.B0[j];
                host[4 * c + 3 * r + j] = plan.B1[j];
            }
            all.SubView(0, host.Length).CopyFromCPU(_device.Stream, host);
            _plan = plan;
        }
        return new PreprocessTaps
        {
            X0 = all.SubView(0, c),
            X1 = all.SubView(c, c),
            WeightX0 = all.SubView(2 * c, c),
            WeightX1 = all.SubView(3 * c, c),
            Y0 = all.SubView(4 * c, r),
            Y1 = all.SubView(4 * c + r, r),
            WeightY0 = all.SubView(4 * c + 2 * r, r),
            WeightY1 = all.SubView(4 * c + 3 * r, r),
        };
    }

    /// <summary>
    /// The element of every 8-bit value of every tensor channel, computed with the host kernel's
    /// <see cref="MathF.FusedMultiplyAdd(float, float, float)"/> (and its float → half rounding), uploaded when the
    /// coefficients or element type change.
    /// </summary>
    private ArrayView<uint> Values(in PreprocessOptions options, TensorElementType type)
    {
        ArrayView<uint> values = _values.Ensure(768);
        var c = Preprocess.TensorWriter.Coefficients(options);
        var key = ((int)type, Bits(c.A0), Bits(c.A1), Bits(c.A2), Bits(c.B0), Bits(c.B1), Bits(c.B2));
        if (type != TensorElementType.UInt8 && _valuesKey != key)
        {
            var host = new uint[768];
            ReadOnlySpan<float> a = [c.A0, c.A1, c.A2];
            ReadOnlySpan<float> b = [c.B0, c.B1, c.B2];
            for (int ch = 0; ch < 3; ch++)
            {
                for (int v = 0; v < 256; v++)
                {
                    float f = MathF.FusedMultiplyAdd(v, a[ch], b[ch]);
                    host[256 * ch + v] = type == TensorElementType.Float16 ? BitConverter.HalfToUInt16Bits((Half)f) : BitConverter.SingleToUInt32Bits(f);
                }
            }
            values.CopyFromCPU(_device.Stream, host);
            _valuesKey = key;
        }
        return values;

        static int Bits(float f) => BitConverter.SingleToInt32Bits(f);
    }

    public void Dispose()
    {
        _frame.Dispose();
        _tensor.Dispose();
        _taps.Dispose();
        _values.Dispose();
        _frameUpload.Dispose();
        _tensorUpload.Dispose();
        _tensorDownload.Dispose();
    }
}
