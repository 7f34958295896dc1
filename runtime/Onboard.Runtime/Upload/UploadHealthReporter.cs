using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Upload;

/// <summary>
/// Puts the uploader's numbers into every camera's <see cref="Health"/> (<c>upload</c>, field 60). The snapshot is built
/// off the publish thread (reading the spool allocates) on a timer, as a new <see cref="UploadHealth"/> that is never
/// changed once published; the publish thread only attaches the latest one, so its reports still allocate nothing.
/// </summary>
internal sealed class UploadHealthReporter : IHealthContributor, IDisposable
{
    private readonly Uploader _uploader;
    private readonly ITimer _timer;
    private UploadHealth _snapshot;

    public UploadHealthReporter(Uploader uploader, TimeSpan interval, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(uploader);
        _uploader = uploader;
        _snapshot = Snapshot(uploader.Status());
        _timer = (time ?? TimeProvider.System).CreateTimer(_ => Refresh(), null, interval, interval);
    }

    /// <summary>The latest snapshot.</summary>
    public UploadHealth Current => Volatile.Read(ref _snapshot);

    public void Contribute(Health health) => health.Upload = Volatile.Read(ref _snapshot);

    /// <summary>Takes a new snapshot now (the timer does it every interval).</summary>
    public void Refresh() => Volatile.Write(ref _snapshot, Snapshot(_uploader.Status()));

    public static UploadHealth Snapshot(UploadStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var h = new UploadHealth
        {
            Allowed = s.Allowed ?? false,
            QueuedClips = (uint)s.QueuedClips,
            QueuedBytes = (ulong)s.QueuedBytes,
            UploadingClips = (uint)s.InFlightClips,
            StartedClips = (uint)s.StartedClips,
            ConfirmedBytes = (ulong)s.ConfirmedBytes,
            UploadedClips = (ulong)s.UploadedClips,
            UploadedBytes = (ulong)s.UploadedBytes,
            Retries = (ulong)s.Retries,
            Recreated = (ulong)s.Recreated,
            EvictedClips = (ulong)s.EvictedClips,
            RefusedClips = (uint)s.Refused.Count,
            BytesPerSecond = s.BytesPerSecond,
        };
        foreach ((string reason, long count) in s.FailuresByReason.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            h.Failures.Add(new UploadFailureCount { Reason = reason, Count = (ulong)count });
        }
        return h;
    }

    public void Dispose() => _timer.Dispose();
}
