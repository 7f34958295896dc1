using System.Text.Json;
using System.Text.Json.Nodes;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Regression;

/// <summary>
/// The HIL regression gate: the committed regression scenario's summary (accuracy and tracking metrics, not images,
/// not latencies) against <c>hil/scenarios/regression.golden.json</c> within the tolerances stated in that file.
/// Refresh the golden on purpose with <c>ONBOARD_REFRESH_GOLDEN=1 dotnet test tests/Onboard.Tests --filter
/// RegressionGate</c> (it rewrites the metrics, keeps the tolerances) and commit it with the change that moved them.
/// </summary>
[Collection(RegressionRunCollection.Name)]
public sealed class RegressionGateTests(RegressionRunFixture fixture)
{
    private static string GoldenPath => Path.Combine(OnboardCli.RepositoryRoot, "hil", "scenarios", "regression.golden.json");

    [Fact]
    public void Summary_RegressionScenario_MatchesTheGoldenWithinItsTolerances()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output + fixture.Run.Error);
        JsonObject metrics = Metrics(JsonNode.Parse(File.ReadAllText(fixture.Summary))!.AsObject());
        JsonObject golden = JsonNode.Parse(File.ReadAllText(GoldenPath))!.AsObject();
        if (Environment.GetEnvironmentVariable("ONBOARD_REFRESH_GOLDEN") == "1")
        {
            golden["metrics"] = metrics;
            File.WriteAllText(GoldenPath, golden.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        JsonObject expected = golden["metrics"]!.AsObject();
        JsonObject tolerances = golden["tolerances"]!.AsObject();
        var failures = new List<string>();
        foreach ((string name, JsonNode? value) in expected)
        {
            if (value is JsonObject perClass)
            {
                foreach ((string cls, JsonNode? ap) in perClass)
                {
                    Check($"{name}.{cls}", Number(ap)!.Value, Number(metrics[name]?[cls]), Number(tolerances[name])!.Value);
                }
            }
            else
            {
                Check(name, Number(value)!.Value, Number(metrics[name]), Number(tolerances[name])!.Value);
            }
        }
        Assert.True(failures.Count == 0, "regression against hil/scenarios/regression.golden.json:\n" + string.Join("\n", failures));

        void Check(string name, double want, double? got, double tolerance)
        {
            if (got is null || Math.Abs(got.Value - want) > tolerance + 1e-12)
            {
                failures.Add($"  {name}: golden {want}, now {got?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"} (tolerance ±{tolerance})");
            }
        }
    }

    /// <summary>A JSON number, parsed or built in memory (an int node does not read as double).</summary>
    private static double? Number(JsonNode? node) =>
        node is null ? null : double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the gate holds the run to, from summary.json.</summary>
    private static JsonObject Metrics(JsonObject summary)
    {
        var ap50 = new JsonObject();
        foreach (JsonNode? c in summary["per_class"]!.AsArray())
        {
            ap50[c!["class_name"]!.GetValue<string>()] = c["ap50"]!.GetValue<double>();
        }
        return new JsonObject
        {
            ["frames"] = summary["frames"]!.GetValue<int>(),
            ["dropped_frames"] = summary["dropped_frames"]!.AsArray().Count,
            ["map50"] = summary["map50"]!.GetValue<double>(),
            ["map50_95"] = summary["map50_95"]!.GetValue<double>(),
            ["mota"] = summary["mota"]!.GetValue<double>(),
            ["idf1"] = summary["idf1"]!.GetValue<double>(),
            ["hota"] = summary["hota"]!.GetValue<double>(),
            ["id_switches"] = summary["id_switches"]!.GetValue<int>(),
            ["trigger_recall"] = summary["triggers"]!["recall"]?.GetValue<double>(),
            ["trigger_precision"] = summary["triggers"]!["precision"]?.GetValue<double>(),
            ["ap50"] = ap50,
        };
    }
}
