using System.Globalization;

namespace Onboard.Tests.Infrastructure;

/// <summary>The <c>summary key=N key=N …</c> lines <c>onboard run</c> prints per camera as it exits.</summary>
internal static class RunSummary
{
    /// <summary>The first summary line of <paramref name="run"/>'s output, read as it comes.</summary>
    public static Dictionary<string, long> Read(PeerProcess run, TimeSpan wait)
    {
        string? line;
        do
        {
            line = run.ReadLine(wait);
        }
        while (line is not null && !IsSummary(line));
        Assert.NotNull(line);
        return Numbers(line);
    }

    public static bool IsSummary(string line) => line.StartsWith("summary ", StringComparison.Ordinal);

    /// <summary>A <c>word key=N key=N …</c> line's numbers.</summary>
    public static Dictionary<string, long> Numbers(string line)
    {
        var values = new Dictionary<string, long>();
        foreach (string part in line.Split(' ').Skip(1))
        {
            string[] kv = part.Split('=');
            if (long.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
            {
                values[kv[0]] = v;
            }
        }
        return values;
    }
}
