using System.Globalization;
using BenchmarkDotNet.Running;
using Onboard.Bench.EndToEnd;
using Onboard.Bench.Messaging;
using Onboard.Bench.Postprocess;
using Onboard.Bench.Preprocess;
using Onboard.Bench.Tracking;
using Onboard.Bench.Transport;

namespace Onboard.Bench.Report;

/// <summary>Every suite <c>make bench</c> runs, each with its peers.</summary>
internal static class Suites
{
    public static IReadOnlyList<Suite> All(ExternalPeers peers) =>
    [
        new("preprocess 1920×1080 → 640×640 f32 NCHW letterbox", typeof(PreprocessPeerBenchmark),
        [
            new(nameof(PreprocessPeerBenchmark.Onboard), "Onboard fused", "OpenCvSharp 4.13 (resize + copyMakeBorder + blobFromImage)", nameof(PreprocessPeerBenchmark.OpenCv)),
            // Peer / ours here is the fraction of the copy bandwidth the kernel reaches (issue 17: NV12 ≥ 0.5).
            new(nameof(PreprocessPeerBenchmark.Onboard), "Onboard fused", "copy floor (frame + tensor bytes)", nameof(PreprocessPeerBenchmark.CopyFloor)),
        ]),
        new("decode + NMS, YOLOv8 80 × 8400", typeof(YoloV8PostprocessBenchmark),
        [
            new(nameof(YoloV8PostprocessBenchmark.Onboard), "Onboard", "OpenCvSharp (C# decode loop + NMSBoxes)", nameof(YoloV8PostprocessBenchmark.OpenCvSharp)),
            new(nameof(YoloV8PostprocessBenchmark.Onboard), "Onboard", "numpy + cv2 (Python, own process)", External: _ => peers.PythonPostprocessMs()),
        ]),
        new("tracker: linear assignment N × N", typeof(LinearAssignmentBenchmark),
        [
            new(nameof(LinearAssignmentBenchmark.Onboard), "Onboard Jonker–Volgenant", "scipy linear_sum_assignment (own process)",
                External: c => peers.ScipyMs(int.Parse(c["N"], CultureInfo.InvariantCulture))),
        ]),
        new("tracker: one step, N tracks and detections", typeof(TrackerStepBenchmark),
        [
            new(nameof(TrackerStepBenchmark.Onboard), "Onboard ByteTrack", "SORT-style baseline (greedy IoU)", nameof(TrackerStepBenchmark.Sort)),
        ], KeepWhenQuick: c => (int)c.Parameters["N"] == 100),
        new("ZeroMQ PUB → SUB, 1 KB, TCP loopback", typeof(ZmqPublishBenchmark),
        [
            new(nameof(ZmqPublishBenchmark.Throughput_Span), "Onboard libzmq binding, per message (burst)", "pyzmq (own process)", External: _ => peers.PyZmqMs().Throughput),
            new(nameof(ZmqPublishBenchmark.Latency_Span), "Onboard libzmq binding, one-way latency", "pyzmq (own process)", External: _ => peers.PyZmqMs().Latency),
        ]),
        new("frame transport, BGR24 frame to a leased consumer", typeof(FrameTransportBenchmark),
        [
            new(nameof(FrameTransportBenchmark.Ring), "shm ring (in place)", "pipe (Unix socket)", nameof(FrameTransportBenchmark.Pipe)),
            new(nameof(FrameTransportBenchmark.RingProducerCopies), "shm ring (producer copies)", "pipe (Unix socket)", nameof(FrameTransportBenchmark.Pipe)),
        ], KeepWhenQuick: c => (string)c.Parameters["Size"] == "1920x1080"),
        new("end to end, closed loop: 1080p BGR → compute model 640² → detections", typeof(ClosedLoopBenchmark),
        [
            new(nameof(ClosedLoopBenchmark.Onboard), "Onboard FrameDetector", "C++ OpenCV + ONNX Runtime (bench/baselines/cpp)",
                External: c => peers.CppClosedLoopMs(int.Parse(c["Threads"], CultureInfo.InvariantCulture))),
        ]),
    ];

    /// <summary>The row label of a case: its parameters, with thread counts spelled out.</summary>
    public static string CaseLabel(BenchmarkCase c)
    {
        var parts = c.Parameters.Items.Select(p => p.Name switch
        {
            "Threads" => (int)p.Value == 0 ? $"all cores ({Environment.ProcessorCount})" : (int)p.Value == 1 ? "1 thread" : $"{p.Value} threads",
            "Format" => p.Value.ToString()!.ToUpperInvariant(),
            "Size" => (string)p.Value,
            _ => $"{p.Name} = {p.Value}",
        }).ToList();
        return parts.Count == 0 ? "—" : string.Join(", ", parts);
    }
}
