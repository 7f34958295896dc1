using System.Text;

namespace Onboard.Runtime.Upload.Tus;

/// <summary>The <c>Upload-Metadata</c> header: comma-separated <c>key base64(value)</c> pairs (tus 1.0 creation extension).</summary>
internal static class TusMetadata
{
    public static string Encode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var s = new StringBuilder();
        foreach ((string key, string value) in pairs)
        {
            foreach (char c in key)
            {
                if (c is ' ' or ',' || c > 0x7e || c < 0x21)
                {
                    throw new ArgumentException($"tus metadata key \"{key}\" must be ASCII without spaces or commas");
                }
            }
            if (s.Length > 0)
            {
                s.Append(',');
            }
            // An empty value is the key alone: the spec allows it, and "key " with nothing after the space is not valid base64 to every server.
            s.Append(key);
            if (value.Length > 0)
            {
                s.Append(' ').Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)));
            }
        }
        return s.ToString();
    }

    public static Dictionary<string, string> Decode(string header)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int space = pair.IndexOf(' ', StringComparison.Ordinal);
            result[space < 0 ? pair : pair[..space]] = space < 0 ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(pair[(space + 1)..]));
        }
        return result;
    }
}
