using Onboard.Hil.Scenarios;
using Onboard.Runtime.Config;

namespace Onboard.Tests.Hil.Scenarios;

public sealed class ScenarioReaderTests
{
    [Fact]
    public void Parse_EveryBadField_NamesEachByItsPath()
    {
        Scenario? scenario = ScenarioReader.Parse("""
        {
          "duration": 5, "fps": 0, "colour": "red",
          "signs": [ { "id": 1, "class": "square", "distance": 40, "side": "middle" }, { "id": 1, "class": 0, "distance": 50, "glow": 1 } ],
          "events": [ { "kind": "smog", "start": 1 }, { "kind": "fog", "start": 3, "end": 2 }, { "kind": "occlusion", "start": 0, "sign": 9 },
                      { "kind": "faded", "start": 0 } ]
        }
        """, out List<ConfigError> errors);

        Assert.Null(scenario);
        string all = string.Join("\n", errors);
        Assert.Contains("fps: must be greater than 0", all, StringComparison.Ordinal);
        Assert.Contains("colour: unknown field", all, StringComparison.Ordinal);
        Assert.Contains("signs[0].class: unknown class the string \"square\"", all, StringComparison.Ordinal);
        Assert.Contains("signs[0].side: expected \"left\" or \"right\"", all, StringComparison.Ordinal);
        Assert.Contains("signs[1].id: sign id 1 is used twice", all, StringComparison.Ordinal);
        Assert.Contains("signs[1].glow: unknown field", all, StringComparison.Ordinal);
        Assert.Contains("events[0].kind: unknown kind \"smog\"", all, StringComparison.Ordinal);
        Assert.Contains("events[1].end: must be after start", all, StringComparison.Ordinal);
        Assert.Contains("events[2].sign: no sign has id 9", all, StringComparison.Ordinal);
        Assert.Contains("events[3].sign: is required", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomSigns_SameSeedGivesTheSameSignsAndAnotherSeedOthers()
    {
        static Scenario Read(int seed) => ScenarioReader.Parse($$"""{ "seed": {{seed}}, "duration": 4, "randomSigns": { "count": 8 } }""", out _)!;

        Assert.Equal(Read(3).Signs, Read(3).Signs);
        Assert.NotEqual(Read(3).Signs, Read(4).Signs);
        Assert.Equal(8, Read(3).Signs.Count);
        Assert.Contains(Read(3).Signs, s => s.Side == RoadSide.Left);
        Assert.Contains(Read(3).Signs, s => s.Side == RoadSide.Right);
    }

    [Fact]
    public void Parse_SignOnAnImageEvent_IsAnUnknownField()
    {
        Assert.Null(ScenarioReader.Parse("""{ "duration": 2, "events": [ { "kind": "fog", "start": 0, "sign": 1 } ] }""", out List<ConfigError> errors));
        Assert.Equal("events[0].sign: unknown field", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Parse_EveryKindName_RoundTrips()
    {
        foreach (PerturbationKind kind in Enum.GetValues<PerturbationKind>())
        {
            string json = $$"""{ "duration": 2, "signs": [ { "id": 4, "class": "octagon", "distance": 30 } ], "events": [ { "kind": "{{ScenarioReader.KindName(kind)}}", "start": 0.5, "end": 1{{(kind is PerturbationKind.Occlusion or PerturbationKind.RareClass or PerturbationKind.Faded or PerturbationKind.HiddenUntilClose ? ", \"sign\": 4" : "")}} } ] }""";
            Scenario? s = ScenarioReader.Parse(json, out List<ConfigError> errors);
            Assert.True(s is not null, string.Join("; ", errors));
            Assert.Equal(kind, Assert.Single(s.Events).Kind);
        }
    }
}
