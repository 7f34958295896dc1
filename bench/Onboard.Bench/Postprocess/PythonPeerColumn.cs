using BenchmarkDotNet.Running;

namespace Onboard.Bench.Postprocess;

/// <summary>Summary columns with the Python peer's own median and each row's speed-up over it.</summary>
internal sealed class PythonPeerColumn(bool speedUp) : OwnProcessPeerColumn(speedUp, "Python", "Python",
    "bench/peers/yolov8_postprocess.py (numpy + cv2.dnn.NMSBoxes, class offsets), timed in its own process",
    "Python peer median / this row's mean (single-threaded both)", "0.0")
{
    protected override (double MedianMicroseconds, string Shown)? Peer(BenchmarkCase benchmarkCase) =>
        PythonPeer.Load() is { } peer
            ? (peer.MedianMicroseconds, FormattableString.Invariant($"{peer.MedianMicroseconds:0.0} us{(peer.SameAsOurs ? "" : " (DIFFERENT detections)")}"))
            : null;
}
