using Onboard.Kernels.Geometry;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// One pipeline's postprocessing: decode the layout → keep the best <see cref="PostprocessSettings.MaxCandidates"/>
/// → NMS when the layout needs it → at most <see cref="PostprocessSettings.MaxDetections"/> → source pixels.
/// Its buffers grow to the largest output seen and are reused, so a steady stream of frames allocates
/// nothing. Not thread-safe: one per pipeline.
/// </summary>
public sealed class DetectionPostprocessor
{
    private readonly float[] _classThresholds;
    private Detection[] _candidates;
    private Detection[] _sorted;
    private ulong[] _sortScratch;
    private float[] _scratch;
    private DecodeStats _stats;

    /// <param name="settings">Thresholds and limits; validated here.</param>
    /// <param name="inputWidth">Model input width: normalised layouts (RT-DETR) scale to it.</param>
    /// <param name="inputHeight">Model input height.</param>
    /// <param name="initialCapacity">Candidates to allocate for up front (the anchor count of the model).</param>
    public DetectionPostprocessor(PostprocessSettings settings, int inputWidth, int inputHeight, int initialCapacity = 8400)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (inputWidth <= 0 || inputHeight <= 0)
        {
            throw new ArgumentException($"input size must be positive, got {inputWidth}x{inputHeight}");
        }
        Settings = settings;
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        _classThresholds = settings.ClassThresholds.ToArray();
        _candidates = new Detection[Math.Max(1, initialCapacity)];
        _sorted = new Detection[_candidates.Length];
        _sortScratch = new ulong[2 * _candidates.Length];
        _scratch = new float[Nms.ScratchLength(Math.Max(1, settings.MaxDetections))];
    }

    public PostprocessSettings Settings { get; }
    public int InputWidth { get; }
    public int InputHeight { get; }

    /// <summary>Widest vector the kernels may use (512, 256, 128; 0 = scalar only). Tests pin it to compare widths.</summary>
    internal int MaxVectorBits { get; set; } = VectorLoop.Widest;

    /// <summary>What the decoders dropped since creation, by reason.</summary>
    public DecodeStats Stats => _stats;

    /// <summary>
    /// Decodes one image's slice of a single-tensor head (<see cref="OutputLayout.YoloV8"/>, <see cref="OutputLayout.YoloV5"/>,
    /// <see cref="OutputLayout.EndToEnd"/>, <see cref="OutputLayout.RtDetr"/>) and writes detections in source
    /// pixels, best first, to <paramref name="results"/>. Returns how many.
    /// </summary>
    public int Process(LayoutSpec spec, ReadOnlySpan<float> head, in ImageTransform transform, Span<Detection> results)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var thresholds = new ScoreThresholds(Settings.ScoreThreshold, _classThresholds);
        int count = spec.Count >= 0 ? checked((int)spec.Count) : head.Length / spec.Channels;
        Span<Detection> candidates = Candidates(count);
        int n = spec.Layout switch
        {
            OutputLayout.YoloV8 => YoloV8Decoder.Decode(head, spec.ClassCount, count, thresholds, candidates, ref _stats, MaxVectorBits),
            OutputLayout.YoloV5 => YoloV5Decoder.Decode(head, spec.ClassCount, count, spec.Channels, thresholds, candidates, ref _stats),
            OutputLayout.EndToEnd => EndToEndDecoder.Decode(head, count, spec.ClassCount, thresholds, candidates, ref _stats),
            OutputLayout.RtDetr => RtDetrDecoder.Decode(head, spec.ClassCount, count, InputWidth, InputHeight, thresholds, candidates, ref _stats),
            _ => throw new ArgumentException($"{spec.Layout} has more than one output; use its own Process method", nameof(spec)),
        };
        return Select(n, spec.NeedsNms, transform, results);
    }

    /// <summary>EfficientNMS outputs of one image (see <see cref="EfficientNmsDecoder"/>).</summary>
    public int ProcessEfficientNms(int detectionCount, ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, ReadOnlySpan<int> classes,
        int classCount, BoxEncoding encoding, in ImageTransform transform, Span<Detection> results)
    {
        var thresholds = new ScoreThresholds(Settings.ScoreThreshold, _classThresholds);
        int n = EfficientNmsDecoder.Decode(detectionCount, boxes, scores, classes, classCount, encoding, thresholds,
            Candidates(Math.Clamp(detectionCount, 0, scores.Length)), ref _stats);
        return Select(n, suppress: false, transform, results);
    }

    /// <summary>ONNX NonMaxSuppression outputs, image <paramref name="batchIndex"/> (see <see cref="OnnxNmsDecoder"/>).</summary>
    public int ProcessOnnxNms(ReadOnlySpan<long> selected, ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, int batchIndex,
        int boxCount, int classCount, BoxEncoding encoding, in ImageTransform transform, Span<Detection> results)
    {
        var thresholds = new ScoreThresholds(Settings.ScoreThreshold, _classThresholds);
        int n = OnnxNmsDecoder.Decode(selected, boxes, scores, batchIndex, boxCount, classCount, encoding, thresholds,
            Candidates(selected.Length / 3), ref _stats);
        return Select(n, suppress: false, transform, results);
    }

    /// <summary>
    /// The selection every layout ends with, over the first <paramref name="candidateCount"/> entries of
    /// the candidate buffer: best-first order, top-k, NMS when <paramref name="suppress"/>, max detections,
    /// inverse geometry. Public for decoders outside this folder, which write to <see cref="Candidates"/>.
    /// </summary>
    public int Select(int candidateCount, bool suppress, in ImageTransform transform, Span<Detection> results)
    {
        Span<Detection> c = _sorted.AsSpan(0, candidateCount);
        ScoreOrder.SortInto(_candidates.AsSpan(0, candidateCount), c, _sortScratch);
        if (c.Length > Settings.MaxCandidates)
        {
            c = c[..Settings.MaxCandidates];
        }
        int maxDetections = Math.Min(Settings.MaxDetections, results.Length);
        int kept;
        if (!suppress)
        {
            kept = Math.Min(c.Length, maxDetections);
        }
        else if (Settings.Suppression == SuppressionMode.Greedy)
        {
            int length = Nms.ScratchLength(Math.Min(c.Length, maxDetections));
            if (_scratch.Length < length)
            {
                _scratch = new float[length];
            }
            kept = Nms.GreedySorted(c, Settings.IoUThreshold, Settings.ClassAgnostic, maxDetections, _scratch, MaxVectorBits);
        }
        else
        {
            kept = SoftNms.Gaussian(c, Settings.SoftNmsSigma, Settings.ScoreThreshold, Settings.ClassAgnostic, maxDetections);
        }
        c[..kept].CopyTo(results);
        return BoxMapper.ToSource(results[..kept], transform);
    }

    /// <summary>The candidate buffer, grown to hold at least <paramref name="capacity"/>.</summary>
    public Span<Detection> Candidates(int capacity)
    {
        if (_candidates.Length < capacity)
        {
            // Only when a larger output than any before arrives; steady state never gets here.
            _candidates = new Detection[capacity];
            _sorted = new Detection[capacity];
            _sortScratch = new ulong[2 * capacity];
        }
        return _candidates;
    }
}
