namespace Onboard.Tests.Infrastructure;

/// <summary>Managed bytes a call allocates in steady state, from <see cref="GC.GetAllocatedBytesForCurrentThread"/>.</summary>
public static class Allocations
{
    /// <summary>
    /// Runs <paramref name="call"/> <paramref name="warmup"/> times, then returns the bytes <paramref name="calls"/>
    /// calls allocated on this thread in total — the least of up to three such windows. An allocation per
    /// call shows in every window; a runtime one-off on the test thread (a pool refilled after a gen-2 GC
    /// trimmed it, a tier-up) shows in one at most, and is not what these tests are about.
    /// </summary>
    public static long InSteadyState(Action call, int warmup = 50, int calls = 20)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (int i = 0; i < warmup; i++)
        {
            call();
        }
        // Under the xunit runner the first window measured on a test thread has shown a one-off 560 B even
        // around an empty action (a plain console app shows none): an empty window takes it.
        Measure(static () => { }, 10);
        long least = long.MaxValue;
        for (int window = 0; window < 3 && least != 0; window++)
        {
            least = Math.Min(least, Measure(call, calls));
        }
        return least;
    }

    /// <summary>
    /// The same measure for two calls that should allocate alike, warmed up and measured in alternating windows:
    /// what the runtime does meanwhile (tier-ups, pool trims under the rest of the suite's load) then falls on
    /// both alike instead of on whichever was measured first, and an allocation of one call alone still shows in
    /// every one of its windows.
    /// </summary>
    public static (long First, long Second) InSteadyState(Action first, Action second, int warmup, int calls)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        for (int i = 0; i < warmup; i++)
        {
            first();
            second();
        }
        Measure(static () => { }, 10);
        long leastFirst = long.MaxValue, leastSecond = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            leastFirst = Math.Min(leastFirst, Measure(first, calls));
            leastSecond = Math.Min(leastSecond, Measure(second, calls));
        }
        return (leastFirst, leastSecond);
    }

    /// <summary>
    /// The least growth between consecutive readings of a cumulative allocation counter (a pipeline stage's, read
    /// after each window of frames): the same rule as <see cref="InSteadyState(Action, int, int)"/> for code that runs on its own thread.
    /// </summary>
    public static long LeastWindow(IReadOnlyList<long> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        long least = long.MaxValue;
        for (int i = 1; i < readings.Count; i++)
        {
            least = Math.Min(least, readings[i] - readings[i - 1]);
        }
        return least;
    }

    private static long Measure(Action call, int calls)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            call();
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
