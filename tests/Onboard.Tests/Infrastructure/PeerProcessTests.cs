namespace Onboard.Tests.Infrastructure;

/// <summary>
/// The peer wrapper itself. Its output handlers run on the thread pool, where one exception ends the whole test
/// host mid-run (CI lost a run that way: a killed peer's end-of-output arrived after Dispose had disposed the
/// line queue). A regression here aborts the run with FlushMessageQueue in the crash's stack trace.
/// </summary>
public sealed class PeerProcessTests
{
    [Fact]
    public void Dispose_WhileThePeerIsStillWriting_LeavesNoHandlerToFailAfterIt()
    {
        // Reproduced the crash in two of three runs of 150 disposals before the fix.
        for (int i = 0; i < 150; i++)
        {
            using var peer = new PeerProcess("/bin/sh", "-c", "yes line");
            Assert.Equal("line", peer.ReadLine(TimeSpan.FromSeconds(10)));
        }
        // Late deliveries run after the last Dispose: give them their turn before the test ends.
        Thread.Sleep(500);
    }

    [Fact]
    public void ReadLine_AfterThePeerExits_ReturnsItsLinesThenNull()
    {
        using var peer = new PeerProcess("/bin/sh", "-c", "echo one; echo two");
        Assert.True(peer.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal("one", peer.ReadLine(TimeSpan.FromSeconds(5)));
        Assert.Equal("two", peer.ReadLine(TimeSpan.FromSeconds(5)));
        Assert.Null(peer.ReadLine(TimeSpan.FromSeconds(5)));
    }
}
