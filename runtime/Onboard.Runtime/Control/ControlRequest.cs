using System.Text.Json;
using System.Text.Json.Nodes;

namespace Onboard.Runtime.Control;

/// <summary>
/// One request on the control socket: a JSON object <c>{"verb": "…", …fields}</c>. The field getters refuse a
/// mistyped field with a <see cref="ControlException"/> naming it, so a handler never sees a wrong type.
/// </summary>
internal sealed class ControlRequest
{
    internal ControlRequest(string verb, JsonObject fields)
    {
        Verb = verb;
        Fields = fields;
    }

    public string Verb { get; }

    /// <summary>The whole request object, <c>verb</c> included.</summary>
    public JsonObject Fields { get; }

    /// <summary>The string field <paramref name="name"/>, or null when absent (or JSON null).</summary>
    public string? String(string name)
    {
        JsonNode? node = Fields[name];
        if (node is null)
        {
            return null;
        }
        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw new ControlException($"\"{name}\" must be a string (got {node.GetValueKind().ToString().ToLowerInvariant()})");
    }

    /// <summary>The non-empty string field <paramref name="name"/>; refused when absent.</summary>
    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw new ControlException($"\"{name}\" is required (a non-empty string)");
}
