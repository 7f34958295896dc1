using System.Globalization;

namespace Onboard.Runtime.Clips;

/// <summary>Clip times are UTC ns since the Unix epoch; these are their other forms.</summary>
public static class ClipTime
{
    /// <summary>google.protobuf.Timestamp's split: whole seconds and a non-negative nanosecond part.</summary>
    public static (long Seconds, int Nanos) Split(long utcNs)
    {
        long seconds = Math.DivRem(utcNs, 1_000_000_000L, out long nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }
        return (seconds, (int)nanos);
    }

    /// <summary>ISO 8601 UTC to 100 ns, e.g. 2026-01-01T00:00:00.0333333Z.</summary>
    public static string Iso(long utcNs) =>
        DateTimeOffset.UnixEpoch.AddTicks(utcNs / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
