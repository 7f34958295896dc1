using Onboard.Runtime.Primitives;


namespace Onboard.Tests.Pipeline;

public sealed class DropOldestHandoffTests
{
    [Fact]
    public void Push_QueueFull_EvictsAndReturnsTheOldest()
    {
        var handoff = new DropOldestHandoff<string>(2);
        Assert.True(handoff.Push("a", out _));
        Assert.True(handoff.Push("b", out _));

        Assert.False(handoff.Push("c", out string? evicted));

        Assert.Equal("a", evicted);
        Assert.True(handoff.TryTake(out string first));
        Assert.True(handoff.TryTake(out string second));
        Assert.Equal(("b", "c"), (first, second));
    }

    [Fact]
    public void TryTake_CompletedWithItemsLeft_DrainsThenReportsFinished()
    {
        var handoff = new DropOldestHandoff<string>(4);
        handoff.Push("a", out _);
        handoff.Complete();

        Assert.False(handoff.IsFinished);
        Assert.True(handoff.TryTake(TimeSpan.FromSeconds(5), out string item));
        Assert.Equal("a", item);
        Assert.False(handoff.TryTake(TimeSpan.FromSeconds(5), out _));
        Assert.True(handoff.IsFinished);
    }

    [Fact]
    public void Push_ConsumerWaiting_WakesIt()
    {
        var handoff = new DropOldestHandoff<string>(1);
        string? taken = null;
        var consumer = new Thread(() => handoff.TryTake(TimeSpan.FromSeconds(30), out taken!));
        consumer.Start();

        handoff.Push("frame", out _);

        Assert.True(consumer.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal("frame", taken);
    }
}
