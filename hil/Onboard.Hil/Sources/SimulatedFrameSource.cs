using System.Diagnostics.CodeAnalysis;
using Onboard.Hil.Cameras;
using Onboard.Hil.Recording.Contracts;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Sources;

/// <summary>
/// An in-process simulated camera (config kind <c>sim</c>): generated scenes, BGR24, at a fixed rate. It
/// behaves like a camera, not like a file: frame k is captured at start + k·period whether or not anyone
/// reads it, so a consumer that falls behind gets the newest frame and sees the skipped ones as a gap in
/// the sequence. Scenes are rendered ahead of time, so capturing costs nothing. Owned by one consumer thread.
/// </summary>
public sealed class SimulatedFrameSource : IFrameSource, IGroundTruthSource
{
    private readonly SimulatedCamera _camera;
    private readonly MonotonicClock _clock;
    private readonly SimulatedFrameLease _lease = new();
    private readonly long _periodNs;
    private readonly long _frameLimit;
    private readonly ulong _sessionId;
    private readonly long _cycle;
    private long _startNs;
    private long _next;

    /// <param name="name">Camera name (for logs and health).</param>
    /// <param name="scenes">Scene generator options (size, seed).</param>
    /// <param name="framesPerSecond">Capture rate.</param>
    /// <param name="framesPerScene">Consecutive frames showing the same scene.</param>
    /// <param name="frameLimit">Frames to produce before falling silent (0: forever).</param>
    /// <param name="clock">Capture timestamps.</param>
    /// <param name="sceneCount">Distinct scenes, shown in a cycle, so memory stays bounded however long it runs.</param>
    public SimulatedFrameSource(string name, SceneOptions scenes, double framesPerSecond, int framesPerScene, long frameLimit,
        MonotonicClock clock, int sceneCount = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sceneCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(framesPerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerScene, 1);
        Name = "sim:" + name;
        _clock = clock;
        _camera = new SimulatedCamera(new SceneGenerator(scenes), framesPerScene);
        _periodNs = (long)(1e9 / framesPerSecond);
        _frameLimit = frameLimit;
        _sessionId = (ulong)clock.NowNs;
        _cycle = (long)framesPerScene * sceneCount;
        _camera.Prepare(frameLimit > 0 ? Math.Min(frameLimit, _cycle) : _cycle);
    }

    public string Name { get; }

    /// <summary>Frames handed out so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>What frame <paramref name="sequence"/> shows.</summary>
    public IReadOnlyList<GroundTruth> Truths(ulong sequence) => _camera.Capture((long)(sequence % (ulong)_cycle)).Truths;

    /// <summary>The recorder's ground truth: the scene's signs, ids by their order in the scene (scenes share nothing).</summary>
    public void Truth(ulong sequence, GroundTruthList truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        Scene scene = _camera.Capture((long)(sequence % (ulong)_cycle));
        truth.ImageWidth = (uint)scene.Width;
        truth.ImageHeight = (uint)scene.Height;
        for (int i = 0; i < scene.Truths.Count; i++)
        {
            GroundTruth t = scene.Truths[i];
            truth.Objects.Add(new TruthObject
            {
                Id = (uint)(scene.Index * 100 + i),
                ClassId = t.ClassId,
                ClassName = Models.Synthetic.SyntheticSignCatalog.ClassNames[t.ClassId],
                X1 = t.Box.X1, Y1 = t.Box.Y1, X2 = t.Box.X2, Y2 = t.Box.Y2,
            });
        }
    }

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease)
    {
        lease = null;
        if (_lease.InUse)
        {
            throw new InvalidOperationException("release the previous frame before acquiring the next");
        }
        long now = _clock.NowNs;
        if (_startNs == 0)
        {
            _startNs = now;
        }
        if (_frameLimit > 0 && _next >= _frameLimit)
        {
            Thread.Sleep(timeout);
            return false;
        }
        if (!DueWait.Until(_clock, _startNs + _next * _periodNs, timeout, out now))
        {
            return false;
        }
        // The newest frame captured by now; the ones between were never read (a gap, as with a real camera).
        long k = Math.Max(_next, (now - _startNs) / _periodNs);
        if (_frameLimit > 0)
        {
            k = Math.Min(k, _frameLimit - 1);
        }
        _next = k + 1;
        Scene scene = _camera.Capture(k % _cycle);
        long captureNs = _startNs + k * _periodNs;
        long utcNs = _clock.UtcNowNs - (now - captureNs);
        _lease.Assign(scene.Pixels, new FrameDescriptor(_sessionId, (ulong)k, 0, PixelFormat.Bgr24, scene.Width, scene.Height, scene.Stride, captureNs, utcNs));
        Delivered++;
        lease = _lease;
        return true;
    }

    public void Dispose()
    {
    }
}
