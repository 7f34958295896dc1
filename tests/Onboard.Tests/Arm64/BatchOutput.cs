using System.Globalization;

namespace Onboard.Tests.Arm64;

/// <summary>
/// The stdout of <c>onboard batch</c> split back into each line's exit code and output, by the
/// <c>@@ begin N</c> / <c>@@ end N rc=R</c> markers the verb prints around every line it runs.
/// </summary>
public sealed class BatchOutput
{
    private readonly Dictionary<int, (int ExitCode, string Text)> _lines = [];

    public BatchOutput(string stdout)
    {
        int? current = null;
        var text = new List<string>();
        foreach (string line in stdout.Split('\n'))
        {
            if (line.StartsWith("@@ begin ", StringComparison.Ordinal))
            {
                current = int.Parse(line.AsSpan(9), CultureInfo.InvariantCulture);
                text.Clear();
            }
            else if (line.StartsWith("@@ end ", StringComparison.Ordinal) && current is int n)
            {
                int rc = line.IndexOf(" rc=", StringComparison.Ordinal);
                _lines[n] = (int.Parse(line.AsSpan(rc + 4), CultureInfo.InvariantCulture), string.Join('\n', text));
                current = null;
            }
            else if (current is not null)
            {
                text.Add(line);
            }
        }
    }

    /// <summary>The exit code and output of batch line <paramref name="number"/> (1-based), or null if it never ended
    /// (the process died in it or before it).</summary>
    public (int ExitCode, string Text)? Line(int number) => _lines.TryGetValue(number, out var r) ? r : null;

    public int Count => _lines.Count;
}
