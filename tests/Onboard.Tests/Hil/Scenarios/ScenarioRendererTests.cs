using System.Security.Cryptography;
using Onboard.Hil.Recording.Contracts;
using Onboard.Hil.Scenarios;

namespace Onboard.Tests.Hil.Scenarios;

public sealed class ScenarioRendererTests
{
    private static Scenario Drive(string events = "", int seed = 5) => ScenarioReader.Parse($$"""
        { "seed": {{seed}}, "duration": 3, "fps": 10, "egoSpeed": 15,
          "signs": [ { "id": 1, "class": "red_circle", "side": "right", "distance": 40 },
                     { "id": 2, "class": "blue_circle", "side": "left", "distance": 45 },
                     { "id": 3, "class": "red_triangle", "side": "right", "distance": 60 } ],
          "events": [ {{events}} ] }
        """, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));

    private static string AllEvents => string.Join(",", Enum.GetValues<PerturbationKind>().Select(Event));

    /// <summary>Kind <paramref name="kind"/> from 1 s to 2 s; the sign-bound kinds on sign 2 (a "sign" elsewhere is an unknown field).</summary>
    private static string Event(PerturbationKind kind) =>
        $$"""{ "kind": "{{ScenarioReader.KindName(kind)}}", "start": 1, "end": 2{{(kind is PerturbationKind.Occlusion or PerturbationKind.RareClass or PerturbationKind.Faded or PerturbationKind.HiddenUntilClose ? ", \"sign\": 2" : "")}} }""";

    private static byte[] Hash(Scenario scenario, long frame)
    {
        using var renderer = new ScenarioRenderer(scenario);
        return SHA256.HashData(renderer.Render(frame));
    }

    [Fact]
    public void Render_SameSeed_IdenticalFramesWithEveryEvent_AnotherSeedDiffers()
    {
        Scenario a = Drive(AllEvents);
        for (long frame = 0; frame < a.FrameCount; frame += 7)
        {
            Assert.Equal(Hash(a, frame), Hash(Drive(AllEvents), frame));
        }
        Assert.NotEqual(Hash(a, 15), Hash(Drive(AllEvents, seed: 6), 15));
    }

    [Theory]
    [InlineData(PerturbationKind.Noise)]
    [InlineData(PerturbationKind.MotionBlur)]
    [InlineData(PerturbationKind.Defocus)]
    [InlineData(PerturbationKind.Fog)]
    [InlineData(PerturbationKind.Night)]
    [InlineData(PerturbationKind.Glare)]
    [InlineData(PerturbationKind.Rain)]
    [InlineData(PerturbationKind.Occlusion)]
    [InlineData(PerturbationKind.Faded)]
    public void Render_Event_ChangesTheFrameOnlyInsideItsTimeRange(PerturbationKind kind)
    {
        Scenario plain = Drive();
        Scenario perturbed = Drive(Event(kind));

        Assert.Equal(Hash(plain, 5), Hash(perturbed, 5));
        Assert.NotEqual(Hash(plain, 15), Hash(perturbed, 15));
        Assert.Equal(Hash(plain, 25), Hash(perturbed, 25));
    }

    [Fact]
    public void Truth_SignsApproach_GrowOnBothSidesWithStableIdsAndEventsNamed()
    {
        var source = new ScenarioFrameSource("front", Drive("""{ "kind": "fog", "start": 1, "end": 2 }"""), Onboard.Runtime.Primitives.MonotonicClock.System);
        GroundTruthList first = Truth(source, 0), later = Truth(source, 15);

        TruthObject a = first.Objects.Single(o => o.Id == 1), b = later.Objects.Single(o => o.Id == 1);
        Assert.True(b.X2 - b.X1 > 1.5f * (a.X2 - a.X1), $"{a} → {b}");
        Assert.True(b.X1 > a.X1, "a right-side sign moves right as it approaches");
        TruthObject left = later.Objects.Single(o => o.Id == 2);
        Assert.True(left.X2 < 320, "the left sign is left of the centre");
        Assert.Equal(["fog"], later.Events);
        Assert.Empty(first.Events);
        Assert.True(b.DistanceM < a.DistanceM);
    }

    [Fact]
    public void Truth_HiddenUntilClose_IgnoredWhileFarThenScored()
    {
        var source = new ScenarioFrameSource("front", Drive("""{ "kind": "hidden_until_close", "start": 0, "end": 3, "sign": 1, "revealDistance": 25 }"""),
            Onboard.Runtime.Primitives.MonotonicClock.System);

        Assert.True(Truth(source, 0).Objects.Single(o => o.Id == 1).Ignore);
        TruthObject near = Truth(source, 12).Objects.Single(o => o.Id == 1);
        Assert.True(near.DistanceM < 25);
        Assert.False(near.Ignore);
    }

    [Fact]
    public void Truth_RareClass_OnlyDuringItsEvent()
    {
        var source = new ScenarioFrameSource("front", Drive("""{ "kind": "rare_class", "start": 1, "end": 2, "sign": 3 }"""),
            Onboard.Runtime.Primitives.MonotonicClock.System);

        Assert.DoesNotContain(Truth(source, 5).Objects, o => o.Id == 3);
        Assert.Contains(Truth(source, 15).Objects, o => o.Id == 3);
        Assert.DoesNotContain(Truth(source, 25).Objects, o => o.Id == 3);
    }

    private static GroundTruthList Truth(ScenarioFrameSource source, ulong frame)
    {
        var truth = new GroundTruthList();
        source.Truth(frame, truth);
        return truth;
    }
}
