using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Onboard.Hil.Evaluation;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Telemetry;
using KernelDetection = Onboard.Kernels.Postprocess.Detection;

namespace Onboard.Hil.Demo;

/// <summary>
/// The demo's consumer, as another process would be: its own ZeroMQ context and a SUB socket on its own
/// thread that decodes every <see cref="DetectionList"/>, prints it, measures capture-to-receipt latency and
/// scores it against the scene's ground truth, and keeps the last <see cref="Health"/>.
/// </summary>
internal sealed class DemoSubscriber : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly ZmqSocket _socket;
    private readonly MonotonicClock _clock;
    private readonly TextWriter _output;
    private readonly bool _printFrames;
    private readonly Func<ulong, IReadOnlyList<GroundTruth>> _truths;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _ready = new();
    private volatile bool _stopping;
    private volatile Health? _lastHealth;
    private MatchResult _accuracy;

    /// <param name="endpoint">The publisher's endpoint.</param>
    /// <param name="clock">The publisher's monotonic clock (same machine), for capture → receipt latency.</param>
    /// <param name="output">Where received frames are printed.</param>
    /// <param name="printFrames">Print a line per received frame.</param>
    /// <param name="truths">What frame N shows (the simulated camera is deterministic per sequence).</param>
    public DemoSubscriber(string endpoint, MonotonicClock clock, TextWriter output, bool printFrames, Func<ulong, IReadOnlyList<GroundTruth>> truths)
    {
        _clock = clock;
        _output = output;
        _printFrames = printFrames;
        _truths = truths;
        _socket = _context.CreateSocket(ZmqSocketType.Sub);
        _socket.Linger = TimeSpan.Zero;
        _socket.ReceiveTimeout = TimeSpan.FromMilliseconds(100);
        _socket.Subscribe(Topics.DetectionsPrefix);
        _socket.Subscribe(Topics.Health);
        _socket.Connect(endpoint);
        _thread = new Thread(Loop) { Name = "demo-subscriber", IsBackground = true };
        _thread.Start();
    }

    public LatencyRecorder EndToEnd { get; } = new();
    public long Received { get; private set; }
    public ulong LastSequence { get; private set; }
    public MatchResult Accuracy => _accuracy;
    /// <summary>Capture → decoded here of the first frame (cold caches).</summary>
    public long FirstFrameNs { get; private set; }
    public Health? LastHealth => _lastHealth;

    /// <summary>Set once the first message (the publisher's first health report) arrived: the subscription is live.</summary>
    public bool WaitReady(TimeSpan timeout) => _ready.Wait(timeout);

    public void Stop()
    {
        _stopping = true;
        _thread.Join();
    }

    public void Dispose()
    {
        if (!_stopping)
        {
            Stop();
        }
        _socket.Dispose();
        _context.Dispose();
        _ready.Dispose();
    }

    private void Loop()
    {
        var topic = new byte[256];
        var payload = new byte[1 << 20];
        var detections = new List<KernelDetection>();
        while (!_stopping)
        {
            int topicLength = _socket.Receive(topic, out bool more);
            if (topicLength < 0)
            {
                continue;
            }
            int length = more ? _socket.Receive(payload, out _) : 0;
            long receivedNs = _clock.NowNs;
            string name = Encoding.UTF8.GetString(topic, 0, Math.Min(topicLength, topic.Length));
            _ready.Set();
            if (name == Topics.Health)
            {
                var health = Health.Parser.ParseFrom(payload, 0, length);
                // Keep the last report with frames in its window (the one sent while stopping has none),
                // with the final totals.
                if (_lastHealth is null || health.OutputFps > 0)
                {
                    _lastHealth = health;
                }
                else
                {
                    _lastHealth.FramesIn = health.FramesIn;
                    _lastHealth.FramesPublished = health.FramesPublished;
                    _lastHealth.DeadlineMisses = health.DeadlineMisses;
                    _lastHealth.State = health.State;
                }
                continue;
            }
            var list = DetectionList.Parser.ParseFrom(payload, 0, length);
            if (Received++ == 0)
            {
                FirstFrameNs = receivedNs - list.Header.CaptureMonoNs;
            }
            LastSequence = list.Header.Sequence;
            EndToEnd.Record(receivedNs - list.Header.CaptureMonoNs);
            detections.Clear();
            foreach (var d in list.Detections)
            {
                detections.Add(new KernelDetection(new BoxF(d.X1, d.Y1, d.X2, d.Y2), d.Score, d.ClassId, 0));
            }
            MatchResult match = DetectionMatcher.Match(CollectionsMarshal.AsSpan(detections), _truths(list.Header.Sequence));
            _accuracy += match;
            if (_printFrames)
            {
                Print(name, list, receivedNs, match);
            }
        }
    }

    private void Print(string topic, DetectionList list, long receivedNs, MatchResult match)
    {
        var line = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        line.Append(inv, $"{topic} #{list.Header.Sequence,-4}{(list.Header.Late ? " LATE" : "")} {list.Detections.Count} det  e2e {(receivedNs - list.Header.CaptureMonoNs) / 1e6,5:0.0} ms  found {match.TruePositives}/{match.TruePositives + match.FalseNegatives}");
        if (match.FalsePositives > 0)
        {
            line.Append(inv, $" (+{match.FalsePositives} false)");
        }
        line.Append(" |");
        foreach (var d in list.Detections)
        {
            line.Append(inv, $" {d.ClassName} {d.Score:0.00} [{d.X1:0},{d.Y1:0},{d.X2:0},{d.Y2:0}]");
        }
        _output.WriteLine(line.ToString());
    }
}
