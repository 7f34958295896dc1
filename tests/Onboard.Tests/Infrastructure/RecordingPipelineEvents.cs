using System.Collections.Concurrent;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;

namespace Onboard.Tests.Infrastructure;

/// <summary>Pipeline events as lines a test can wait for (one semaphore per kind).</summary>
public sealed class RecordingPipelineEvents : IPipelineEvents
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public SemaphoreSlim Stalled { get; } = new(0);
    public SemaphoreSlim Recovered { get; } = new(0);
    public SemaphoreSlim Reopened { get; } = new(0);
    public SemaphoreSlim Rejected { get; } = new(0);

    public void CameraStalled(string cameraId, TimeSpan silentFor) => Add($"stalled {cameraId}", Stalled);

    public void CameraRecovered(string cameraId, TimeSpan stalledFor) => Add($"recovered {cameraId}", Recovered);

    public void SourceReopened(string cameraId, string sourceName) => Add($"reopened {cameraId} {sourceName}", Reopened);

    public void SourceFailed(string cameraId, Exception error) => Add($"failed {cameraId} {error.Message}", null);

    public void FrameRejected(string cameraId, DropReason reason, ulong sequence, string detail) =>
        Add($"rejected {cameraId} #{sequence} {reason}: {detail}", Rejected);

    private void Add(string line, SemaphoreSlim? signal)
    {
        Lines.Enqueue(line);
        signal?.Release();
    }
}
