using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.RadixSortOperations;
using ILGPU.Runtime;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Kernels.Device;

/// <summary>
/// The device twin of <see cref="DetectionPostprocessor"/> for the heads that decode per anchor (YOLOv8/11, YOLOv5,
/// end-to-end): decode, compaction, sort, cap, NMS and max detections all run on the accelerator
/// (<see cref="DecodeKernels"/>, <see cref="NmsKernels"/>), and only the kept detections (and six counters) come back
/// to be mapped to source pixels — the same detections, in the same order, as the host postprocessor with
/// <see cref="PostprocessSettings.MaxCandidates"/> equal to the cap. Greedy suppression only (soft-NMS stays on
/// the host). Buffers grow to the largest head seen. One instance per pipeline.
/// </summary>
public sealed class DeviceDetectionPostprocessor : IDisposable
{
    /// <summary>Candidates the device sorts and suppresses at most, best first, unless configured otherwise.</summary>
    public const int DefaultCandidateCap = 4096;

    private readonly DeviceAccelerator _device;
    private readonly float[] _classThresholds;
    private readonly int _cap;
    private readonly DevicePostprocessKernels _k;
    private readonly DeviceBuffer<float> _head;
    private readonly DeviceBuffer<float> _perClass;
    private readonly DeviceBuffer<Detection> _decoded;
    private readonly DeviceBuffer<Detection> _candidates;
    private readonly DeviceBuffer<int> _flags;
    private readonly DeviceBuffer<int> _positions;
    private readonly DeviceBuffer<uint> _keysBuffer;
    private readonly DeviceBuffer<int> _order;
    private readonly DeviceBuffer<int> _scanTemp;
    private readonly DeviceBuffer<int> _sortTemp;
    private readonly DeviceBuffer<Detection> _sorted;
    private readonly DeviceBuffer<ulong> _maskBuffer;
    private readonly DeviceBuffer<ulong> _removed;
    private readonly DeviceBuffer<Detection> _kept;
    private readonly DeviceBuffer<int> _stats;
    private readonly HostTransfer<float> _headUpload;
    private readonly HostTransfer<Detection> _candidatesUpload;
    private readonly HostTransfer<int> _statsTransfer;
    private readonly HostTransfer<Detection> _keptDownload;
    private readonly int[] _summary = new int[DecodeKernels.Stats.Length];
    private DecodeStats _decodeStats;

    /// <param name="kernels">The kernels, loaded once per accelerator.</param>
    /// <param name="settings">Thresholds and limits (greedy suppression); validated here.</param>
    /// <param name="candidateCap">Candidates sorted and suppressed at most; more are dropped and counted (<see cref="CapHits"/>).</param>
    public DeviceDetectionPostprocessor(DevicePostprocessKernels kernels, PostprocessSettings settings, int candidateCap = DefaultCandidateCap)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.Suppression != SuppressionMode.Greedy)
        {
            throw new NotSupportedException($"device postprocessing runs greedy NMS only; {settings.Suppression} runs on the host (kernels: host)");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(candidateCap);
        _k = kernels;
        _device = kernels.Device;
        Settings = settings;
        _classThresholds = settings.ClassThresholds.ToArray();
        _cap = Math.Min(candidateCap, settings.MaxCandidates);
        Accelerator a = _device.Accelerator;
        _head = new DeviceBuffer<float>(a);
        _perClass = new DeviceBuffer<float>(a);
        _decoded = new DeviceBuffer<Detection>(a);
        _candidates = new DeviceBuffer<Detection>(a);
        _flags = new DeviceBuffer<int>(a);
        _positions = new DeviceBuffer<int>(a);
        _keysBuffer = new DeviceBuffer<uint>(a);
        _order = new DeviceBuffer<int>(a);
        _scanTemp = new DeviceBuffer<int>(a);
        _sortTemp = new DeviceBuffer<int>(a);
        _sorted = new DeviceBuffer<Detection>(a);
        _maskBuffer = new DeviceBuffer<ulong>(a);
        _removed = new DeviceBuffer<ulong>(a);
        _kept = new DeviceBuffer<Detection>(a);
        _stats = new DeviceBuffer<int>(a);
        _headUpload = new HostTransfer<float>(_device);
        _candidatesUpload = new HostTransfer<Detection>(_device);
        _statsTransfer = new HostTransfer<int>(_device);
        _keptDownload = new HostTransfer<Detection>(_device);
        _perClass.Ensure(Math.Max(1, _classThresholds.Length)).SubView(0, _classThresholds.Length).CopyFromCPU(_device.Stream, _classThresholds);
    }

    public PostprocessSettings Settings { get; }

    /// <summary>Candidates sorted and suppressed at most per frame.</summary>
    public int CandidateCap => _cap;

    /// <summary>Frames whose candidates exceeded the cap (the excess, lowest scores, was dropped).</summary>
    public long CapHits { get; private set; }

    /// <summary>Candidates dropped by the cap, over all frames.</summary>
    public long CappedCandidates { get; private set; }

    /// <summary>What the decode kernels dropped since creation, by reason.</summary>
    public DecodeStats Stats => _decodeStats;

    /// <summary>Uploads one image's head and runs <see cref="Process(LayoutSpec, ArrayView{float}, in ImageTransform, Span{Detection})"/>.</summary>
    public int Process(LayoutSpec spec, ReadOnlySpan<float> head, in ImageTransform transform, Span<Detection> results)
    {
        ArrayView<float> view = _head.Ensure(head.Length);
        _headUpload.Upload(_device.Stream, head, view);
        return Process(spec, view, transform, results);
    }

    /// <summary>
    /// Decodes a head already on the device (the engine's bound output) and writes the kept detections in source
    /// pixels, best first, to <paramref name="results"/>; returns how many. Waits for the stream once, to read the counts.
    /// </summary>
    public int Process(LayoutSpec spec, ArrayView<float> head, in ImageTransform transform, Span<Detection> results)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int channels = spec.Layout == OutputLayout.EndToEnd ? EndToEndDecoder.Channels : spec.Channels;
        int count = spec.Count >= 0 ? checked((int)spec.Count) : (int)(head.Length / channels);
        long needed = spec.Layout == OutputLayout.YoloV8 ? (4L + spec.ClassCount) * count : (long)count * channels;
        if (head.Length < needed)
        {
            throw new ArgumentException($"head of {head.Length} floats is shorter than {spec} needs ({needed})", nameof(head));
        }
        var p = new DecodeParameters
        {
            Count = count,
            ClassCount = spec.ClassCount,
            Channels = channels,
            DefaultThreshold = Settings.ScoreThreshold,
            MinimumThreshold = new ScoreThresholds(Settings.ScoreThreshold, _classThresholds).Minimum,
            PerClassCount = _classThresholds.Length,
        };
        var decode = spec.Layout switch
        {
            OutputLayout.YoloV8 when spec.ClassCount > 0 => _k.YoloV8,
            OutputLayout.YoloV5 when spec.ClassCount > 0 && channels >= 5 + spec.ClassCount => _k.YoloV5,
            OutputLayout.EndToEnd => _k.EndToEnd,
            _ => throw new NotSupportedException($"{spec} is decoded on the host only (the device decodes yolov8, yolov5 and end-to-end heads)"),
        };
        AcceleratorStream stream = _device.Stream;
        ArrayView<int> stats = _stats.Ensure(DecodeKernels.Stats.Length);
        stats.MemSetToZero(stream);
        int n = Math.Max(1, count);
        ArrayView<Detection> candidates = _candidates.Ensure(n);
        if (count > 0)
        {
            ArrayView<Detection> decoded = _decoded.Ensure(n);
            ArrayView<int> flags = _flags.Ensure(n);
            ArrayView<int> positions = _positions.Ensure(n);
            decode(stream, count, p, head, _perClass.Ensure(Math.Max(1, _classThresholds.Length)), decoded, flags, stats);
            _k.Scan(stream, flags, positions, _scanTemp.Ensure(_device.Accelerator.ComputeScanTempStorageSize<int>(n).ToIntIndex()));
            _k.Compact(stream, count, decoded, flags, positions, candidates, stats);
        }
        int kept = Select(candidates.SubView(0, n), spec.NeedsNms, results);
        _decodeStats.NonFinite += _summary[DecodeKernels.Stats.NonFinite];
        _decodeStats.Degenerate += _summary[DecodeKernels.Stats.Degenerate];
        _decodeStats.InvalidIndex += _summary[DecodeKernels.Stats.InvalidIndex];
        return BoxMapper.ToSource(results[..kept], transform);
    }

    /// <summary>
    /// Greedy NMS alone, on candidates in index order (as decoders emit them: ties then keep index order): the kept
    /// ones, best first, to <paramref name="results"/>, unmapped; returns how many. <c>onboard nms --device</c> uses it.
    /// </summary>
    public int Suppress(ReadOnlySpan<Detection> candidates, Span<Detection> results)
    {
        AcceleratorStream stream = _device.Stream;
        ArrayView<int> stats = _stats.Ensure(DecodeKernels.Stats.Length);
        stats.MemSetToZero(stream);
        _statsTransfer.Upload(stream, [candidates.Length], stats.SubView(DecodeKernels.Stats.Candidates, 1));
        ArrayView<Detection> view = _candidates.Ensure(Math.Max(1, candidates.Length));
        _candidatesUpload.Upload(stream, candidates, view);
        return Select(view.SubView(0, Math.Max(1, candidates.Length)), suppress: true, results);
    }

    /// <summary>Sort, cap, suppress (or only take the best) and copy back the kept ones; <paramref name="candidates"/>' count is in the stats.</summary>
    private int Select(ArrayView<Detection> candidates, bool suppress, Span<Detection> results)
    {
        AcceleratorStream stream = _device.Stream;
        Accelerator a = _device.Accelerator;
        int n = candidates.IntLength;
        int blocks = (_cap + NmsKernels.BlockSize - 1) / NmsKernels.BlockSize;
        var p = new NmsParameters
        {
            Cap = _cap,
            Blocks = blocks,
            IoUThreshold = Settings.IoUThreshold,
            Agnostic = Settings.ClassAgnostic ? 1 : 0,
            MaxDetections = Math.Min(Settings.MaxDetections, results.Length),
        };
        ArrayView<int> stats = _stats.Ensure(DecodeKernels.Stats.Length);
        ArrayView<uint> keys = _keysBuffer.Ensure(n);
        ArrayView<int> order = _order.Ensure(n);
        _k.Keys(stream, n, candidates, stats, keys, order);
        _k.Sort(stream, keys, order, _sortTemp.Ensure(a.ComputeRadixSortPairsTempStorageSize<uint, int, DescendingUInt32>(n)));
        ArrayView<Detection> sorted = _sorted.Ensure(_cap);
        _k.Gather(stream, Math.Min(n, _cap), p, candidates, order, sorted, stats);
        ArrayView<ulong> mask = _maskBuffer.Ensure((long)_cap * blocks);
        if (suppress)
        {
            _k.Mask(stream, new KernelConfig(new Index2D(blocks, blocks), new Index2D(_k.GroupSize, 1)), p, sorted, stats, mask);
        }
        else
        {
            // Layouts without NMS: the same walk over an empty mask takes the best MaxDetections.
            mask.MemSetToZero(stream);
        }
        ArrayView<Detection> kept = _kept.Ensure(Math.Max(1, p.MaxDetections));
        _k.Keep(stream, new KernelConfig(new Index1D(1), new Index1D(_k.GroupSize)), p, sorted, mask, _removed.Ensure(blocks), kept, stats);
        _statsTransfer.Download(stream, stats, _summary);
        int capped = _summary[DecodeKernels.Stats.Capped];
        if (capped > 0)
        {
            CapHits++;
            CappedCandidates += capped;
        }
        int count = _summary[DecodeKernels.Stats.Kept];
        _keptDownload.Download(stream, kept, results[..count]);
        return count;
    }

    public void Dispose()
    {
        foreach (IDisposable buffer in new IDisposable[]
        {
            _head, _perClass, _decoded, _candidates, _flags, _positions, _keysBuffer, _order, _scanTemp, _sortTemp,
            _sorted, _maskBuffer, _removed, _kept, _stats, _headUpload, _candidatesUpload, _statsTransfer, _keptDownload,
        })
        {
            buffer.Dispose();
        }
    }
}
