using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Telemetry;

namespace Onboard.Tests.Messaging;

/// <summary>Arrays indexed by a contract enum's value are sized by its member count, which holds only while its values are 0..N−1.</summary>
public sealed class EnumCountTests
{
    [Fact]
    public void Stage_ValuesAreContiguousFromZero_AndSizeTheStampSlots()
    {
        Assert.Equal(Enumerable.Range(0, Enum.GetValues<Stage>().Length), Enum.GetValues<Stage>().Select(v => (int)v));
        Assert.Equal(Enum.GetValues<Stage>().Length, FrameResult.StageSlots);
    }

    [Fact]
    public void DropReason_ValuesAreContiguousFromZero_AndSizeTheCounters()
    {
        Assert.Equal(Enumerable.Range(0, Enum.GetValues<DropReason>().Length), Enum.GetValues<DropReason>().Select(v => (int)v));
        Assert.Equal(Enum.GetValues<DropReason>().Length, CameraMetrics.DropReasonCount);
    }
}
