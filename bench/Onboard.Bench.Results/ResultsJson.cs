using System.Text.Json;

namespace Onboard.Bench.Results;

/// <summary>The machine-readable results beside the Markdown (<c>latest.json</c>, <c>baseline.json</c>): what the guard reads back.</summary>
public static class ResultsJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        // A percentile of an empty recorder is NaN; JSON has no NaN, so it is written as the string "NaN".
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(BenchResults results) => JsonSerializer.Serialize(results, s_options);

    /// <exception cref="InvalidDataException">The text is not a bench results document.</exception>
    public static BenchResults Deserialize(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<BenchResults>(json, s_options) is { Ratios: not null } results
                ? results
                : throw new InvalidDataException($"{source}: not a bench results document (no \"Ratios\")");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a bench results document: {e.Message}", e);
        }
    }
}
