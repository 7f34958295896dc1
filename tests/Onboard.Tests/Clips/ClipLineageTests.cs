using Onboard.Runtime.Clips;

namespace Onboard.Tests.Clips;

public sealed class ClipLineageTests
{
    [Fact]
    public void ClipLineage_ToMetadataAndBack_RoundTrips()
    {
        var lineage = ClipFixture.Lineage with
        {
            Models = [.. ClipFixture.Lineage.Models, new ClipModelLineage("shadow", "yolo", "8.1", new string('b', 64), "CUDAExecutionProvider")],
        };
        var back = ClipLineage.FromMetadata(lineage.ToMetadata());
        Assert.Equal(lineage.Models, back.Models);
        Assert.Equal(lineage.TriggerIds, back.TriggerIds);
        Assert.Equal(lineage with { Models = back.Models, TriggerIds = back.TriggerIds }, back);
        Assert.Equal("2026-01-01T00:00:00.0000000Z", lineage.ToMetadata()["start_time"]);
    }
}
