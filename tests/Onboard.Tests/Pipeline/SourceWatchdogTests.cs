using Onboard.Runtime.Pipeline;

namespace Onboard.Tests.Pipeline;

public sealed class SourceWatchdogTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void OnSilence_LongerThanStallTimeout_ReportsStallOnceThenReconnectsEachInterval()
    {
        var watchdog = new SourceWatchdog(stallAfterNs: 1000 * Ms, reconnectEveryNs: 2000 * Ms);
        watchdog.Start(0);
        watchdog.OnFrame(100 * Ms);

        Assert.Equal(WatchdogVerdict.None, watchdog.OnSilence(1000 * Ms));
        Assert.Equal(WatchdogVerdict.Stalled, watchdog.OnSilence(1200 * Ms));
        Assert.Equal(WatchdogVerdict.None, watchdog.OnSilence(2000 * Ms));
        Assert.Equal(WatchdogVerdict.Reconnect, watchdog.OnSilence(3200 * Ms));
        Assert.Equal(WatchdogVerdict.None, watchdog.OnSilence(4000 * Ms));
        Assert.Equal(WatchdogVerdict.Reconnect, watchdog.OnSilence(5300 * Ms));
        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void OnFrame_AfterStall_ReportsRecoveryWithTheStallLength()
    {
        var watchdog = new SourceWatchdog(stallAfterNs: 1000 * Ms, reconnectEveryNs: 2000 * Ms);
        watchdog.Start(0);
        watchdog.OnSilence(1500 * Ms);

        Assert.Equal(WatchdogVerdict.Recovered, watchdog.OnFrame(4000 * Ms));
        Assert.Equal(4000 * Ms, watchdog.StalledForNs(4000 * Ms));
        Assert.Equal(WatchdogVerdict.None, watchdog.OnFrame(4033 * Ms));
        Assert.False(watchdog.IsStalled);
    }
}
