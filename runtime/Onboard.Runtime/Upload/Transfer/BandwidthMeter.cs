namespace Onboard.Runtime.Upload.Transfer;

/// <summary>Bytes sent over the last second, in ten 100 ms slots, for Health's "current bandwidth".</summary>
internal sealed class BandwidthMeter(TimeProvider time)
{
    private const int Slots = 10;
    private static readonly TimeSpan s_slot = TimeSpan.FromMilliseconds(100);
    private readonly Lock _lock = new();
    private readonly long[] _bytes = new long[Slots];
    private readonly long[] _slotOf = new long[Slots];
    private readonly long _origin = time.GetTimestamp();

    public long TotalBytes { get; private set; }

    public void Record(long bytes)
    {
        long slot = Now();
        lock (_lock)
        {
            int i = (int)(slot % Slots);
            if (_slotOf[i] != slot)
            {
                _slotOf[i] = slot;
                _bytes[i] = 0;
            }
            _bytes[i] += bytes;
            TotalBytes += bytes;
        }
    }

    public double BytesPerSecond
    {
        get
        {
            long slot = Now();
            long sum = 0;
            lock (_lock)
            {
                for (int i = 0; i < Slots; i++)
                {
                    if (slot - _slotOf[i] < Slots)
                    {
                        sum += _bytes[i];
                    }
                }
            }
            return sum;   // ten slots of 100 ms = one second
        }
    }

    private long Now() => (long)(time.GetElapsedTime(_origin) / s_slot) + Slots;
}
