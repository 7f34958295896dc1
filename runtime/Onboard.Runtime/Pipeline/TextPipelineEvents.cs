using System.Globalization;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// Writes pipeline events as lines. Rejections are counted per camera and reason and written at the 1st,
/// 10th, 100th… occurrence, so a flood of bad frames cannot flood the log (the counters have every one).
/// </summary>
public sealed class TextPipelineEvents(TextWriter writer) : IPipelineEvents
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, DropReason), long> _rejections = [];

    public void CameraStalled(string cameraId, TimeSpan silentFor) =>
        Write($"camera '{cameraId}' stalled: no frame for {silentFor.TotalSeconds:0.0} s");

    public void CameraRecovered(string cameraId, TimeSpan stalledFor) =>
        Write($"camera '{cameraId}' recovered after {stalledFor.TotalSeconds:0.0} s");

    public void SourceReopened(string cameraId, string sourceName) =>
        Write($"camera '{cameraId}' reconnecting: reopened source {sourceName}");

    public void SourceFailed(string cameraId, Exception error) =>
        Write($"camera '{cameraId}' source failed: {error.Message}");

    public void FrameRejected(string cameraId, DropReason reason, ulong sequence, string detail)
    {
        long n;
        lock (_gate)
        {
            _rejections.TryGetValue((cameraId, reason), out n);
            _rejections[(cameraId, reason)] = ++n;
        }
        if (IsPowerOfTen(n))
        {
            Write($"camera '{cameraId}' frame {sequence} dropped ({reason}, occurrence {n}): {detail}");
        }
    }

    private static bool IsPowerOfTen(long n)
    {
        while (n >= 10 && n % 10 == 0)
        {
            n /= 10;
        }
        return n == 1;
    }

    private void Write(FormattableString line)
    {
        lock (_gate)
        {
            writer.WriteLine(line.ToString(CultureInfo.InvariantCulture));
            writer.Flush();
        }
    }
}
