using System.Globalization;
using System.Text.Json;

namespace Onboard.Runtime.Config;

/// <summary>
/// Reads one JSON object's fields by name, recording a <see cref="ConfigError"/> with the full path for every
/// missing, mistyped or out-of-range field and, at <see cref="Finish"/>, for every field nobody asked for
/// (a typo must not be silently ignored). Getters return a usable default after an error so validation can
/// go on and report everything at once.
/// <para>Public for the readers of config-style files outside the library (the HIL rig's scenarios), so they
/// report errors exactly as the config does.</para>
/// </summary>
public sealed class JsonFields
{
    private static readonly JsonDocumentOptions s_options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly JsonElement _element;
    private readonly List<ConfigError> _errors;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private JsonFields(JsonElement element, string path, List<ConfigError> errors)
    {
        _element = element;
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>Parses a config-style JSON text (comments, trailing commas); null with an error naming the line when it is not JSON.</summary>
    public static JsonDocument? Parse(string json, List<ConfigError> errors)
    {
        try
        {
            return JsonDocument.Parse(json, s_options);
        }
        catch (JsonException e)
        {
            errors.Add(new ConfigError("(json)", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}"));
            return null;
        }
    }

    /// <summary>Fields of <paramref name="element"/>, or null (with an error) when it is not an object.</summary>
    public static JsonFields? Of(JsonElement element, string path, List<ConfigError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError(path, $"expected an object, got {Describe(element)}"));
            return null;
        }
        return new JsonFields(element, path, errors);
    }

    public string At(string name) => Path.Length == 0 ? name : Path + "." + name;

    public void Error(string name, string message) => _errors.Add(new ConfigError(At(name), message));

    public bool Has(string name) => _element.TryGetProperty(name, out _);

    public bool TryGet(string name, out JsonElement value)
    {
        _read.Add(name);
        return _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public string? String(string name, bool required = false)
    {
        if (!TryGet(name, out JsonElement v))
        {
            if (required)
            {
                Error(name, "is required");
            }
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Error(name, $"expected a string, got {Describe(v)}");
            return null;
        }
        string s = v.GetString()!;
        if (required && s.Length == 0)
        {
            Error(name, "must not be empty");
            return null;
        }
        return s;
    }

    public double Number(string name, double fallback, double min, double max, bool required = false, bool exclusiveMin = false)
    {
        if (!TryGet(name, out JsonElement v))
        {
            if (required)
            {
                Error(name, "is required");
            }
            return fallback;
        }
        if (v.ValueKind != JsonValueKind.Number)
        {
            Error(name, $"expected a number, got {Describe(v)}");
            return fallback;
        }
        double d = v.GetDouble();
        if ((exclusiveMin ? d <= min : d < min) || d > max)
        {
            string low = exclusiveMin ? $"greater than {F(min)}" : $"at least {F(min)}";
            Error(name, $"must be {low} and at most {F(max)} (got {F(d)})");
            return fallback;
        }
        return d;
    }

    public int Integer(string name, int fallback, int min, int max, bool required = false)
    {
        if (!TryGet(name, out JsonElement v))
        {
            if (required)
            {
                Error(name, "is required");
            }
            return fallback;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i))
        {
            Error(name, $"expected a whole number, got {Describe(v)}");
            return fallback;
        }
        if (i < min || i > max)
        {
            Error(name, $"must be between {min} and {max} (got {i})");
            return fallback;
        }
        return i;
    }

    public bool Boolean(string name, bool fallback)
    {
        if (!TryGet(name, out JsonElement v))
        {
            return fallback;
        }
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(name, $"expected true or false, got {Describe(v)}");
            return fallback;
        }
        return v.GetBoolean();
    }

    /// <summary>An array of strings; each bad element is reported with its index.</summary>
    public List<string> Strings(string name)
    {
        var result = new List<string>();
        if (!TryGet(name, out JsonElement v))
        {
            return result;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"expected an array of strings, got {Describe(v)}");
            return result;
        }
        int i = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(item.GetString()!);
            }
            else
            {
                _errors.Add(new ConfigError($"{At(name)}[{i}]", $"expected a string, got {Describe(item)}"));
            }
            i++;
        }
        return result;
    }

    /// <summary>Reports every field that no getter asked for.</summary>
    public void Finish()
    {
        foreach (JsonProperty p in _element.EnumerateObject())
        {
            if (!_read.Contains(p.Name))
            {
                Error(p.Name, "unknown field");
            }
        }
    }

    public static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{v.GetString()}\"",
        JsonValueKind.Number => "the number " + v.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string F(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
