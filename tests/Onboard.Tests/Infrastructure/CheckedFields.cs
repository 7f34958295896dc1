using System.Text.Json;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A message an independent peer decoded (JSON with every field, defaults included), remembering which fields a test
/// read: a test that ends by comparing <see cref="Checked"/> with the contract's field list fails on a new field
/// until it is checked too.
/// </summary>
public sealed class CheckedFields(JsonElement message)
{
    public HashSet<string> Checked { get; } = [];

    public string? String(string name) => Get(name).GetString();
    public double Double(string name) => Get(name).GetDouble();
    public bool Bool(string name) => Get(name).GetBoolean();
    public JsonElement Object(string name) => Get(name);
    public JsonElement[] Array(string name) => [.. Get(name).EnumerateArray()];

    /// <summary>A 64-bit integer field (proto3 JSON writes them as strings).</summary>
    public long Int64(string name) => long.Parse(Get(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private JsonElement Get(string name)
    {
        Checked.Add(name);
        return message.GetProperty(name);
    }
}
