using System.Globalization;
using System.Text;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Runtime.Upload;

/// <summary>
/// The upload side's numbers for Health and <c>onboard upload status</c>. Everything but <see cref="InFlightClips"/>,
/// <see cref="BytesPerSecond"/> and <see cref="Allowed"/> is read from the spool, so a status taken from the spool alone
/// (<see cref="FromSpool"/>) shows the same queue and totals as the running uploader's.
/// </summary>
public sealed record UploadStatus
{
    /// <summary>Clips waiting or in progress (refused ones not counted) and their envelope bytes.</summary>
    public int QueuedClips { get; init; }
    public long QueuedBytes { get; init; }
    /// <summary>Of the queued clips, those the server holds a part of (an upload URL exists), and the bytes it confirmed.</summary>
    public int StartedClips { get; init; }
    public long ConfirmedBytes { get; init; }
    /// <summary>Clips a worker holds right now (live only): from its lease to its completion, or to the attempt's end (a pause, a stop).</summary>
    public int InFlightClips { get; init; }
    public long UploadedClips { get; init; }
    public long UploadedBytes { get; init; }
    public long Retries { get; init; }
    /// <summary>Uploads created anew because the server answered 404/410.</summary>
    public long Recreated { get; init; }
    public long EvictedClips { get; init; }
    /// <summary>Evicted clips whose server-side upload is still to be terminated.</summary>
    public int PendingTerminations { get; init; }
    /// <summary>Clips the server will not take (413 / Tus-Max-Size), kept in the spool, with the reasons.</summary>
    public IReadOnlyList<string> Refused { get; init; } = [];
    public IReadOnlyDictionary<string, long> FailuresByReason { get; init; } = new Dictionary<string, long>();
    public double BytesPerSecond { get; init; }
    /// <summary>The connectivity gate; null when read from the spool alone.</summary>
    public bool? Allowed { get; init; }

    public static UploadStatus FromSpool(string directory)
    {
        (IReadOnlyList<SpoolEntry> entries, SpoolCounters counters) = UploadSpool.Read(directory);
        return Of(entries, counters, inFlight: 0, bytesPerSecond: 0, allowed: null);
    }

    internal static UploadStatus Of(IReadOnlyList<SpoolEntry> entries, SpoolCounters counters, int inFlight, double bytesPerSecond, bool? allowed)
    {
        int queued = 0, started = 0, terminations = 0;
        long queuedBytes = 0, confirmed = 0;
        var refused = new List<string>();
        foreach (SpoolEntry e in entries)
        {
            if (e.Evicted)
            {
                terminations++;
            }
            else if (e.RefusedReason is not null)
            {
                refused.Add($"{e.ClipId}: {e.RefusedReason}");
            }
            else
            {
                queued++;
                queuedBytes += e.CiphertextBytes;
                if (e.UploadUrl is not null)
                {
                    started++;
                    confirmed += e.ConfirmedBytes;
                }
            }
        }
        return new UploadStatus
        {
            QueuedClips = queued,
            QueuedBytes = queuedBytes,
            StartedClips = started,
            ConfirmedBytes = confirmed,
            InFlightClips = inFlight,
            UploadedClips = counters.UploadedClips,
            UploadedBytes = counters.UploadedBytes,
            Retries = counters.Retries,
            Recreated = counters.Recreated,
            EvictedClips = counters.EvictedClips,
            PendingTerminations = terminations,
            Refused = refused,
            FailuresByReason = counters.FailuresByReason,
            BytesPerSecond = bytesPerSecond,
            Allowed = allowed,
        };
    }

    /// <summary>One line of <c>key=value</c> pairs, then one line per refused clip.</summary>
    public string Format()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"upload queued={QueuedClips} queued-bytes={QueuedBytes} started={StartedClips} confirmed-bytes={ConfirmedBytes} ");
        s.Append(CultureInfo.InvariantCulture, $"in-flight={InFlightClips} uploaded={UploadedClips} uploaded-bytes={UploadedBytes} retries={Retries} ");
        s.Append(CultureInfo.InvariantCulture, $"recreated={Recreated} evicted={EvictedClips} pending-terminations={PendingTerminations} refused={Refused.Count} ");
        s.Append(CultureInfo.InvariantCulture, $"bytes-per-second={BytesPerSecond:0} allowed={(Allowed is null ? "-" : Allowed.Value ? "yes" : "no")}");
        var reasons = new List<string>(FailuresByReason.Keys);
        reasons.Sort(StringComparer.Ordinal);
        foreach (string reason in reasons)
        {
            s.Append(CultureInfo.InvariantCulture, $" failures.{reason}={FailuresByReason[reason]}");
        }
        foreach (string r in Refused)
        {
            s.Append('\n').Append("refused ").Append(r);
        }
        return s.ToString();
    }
}
