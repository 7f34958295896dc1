namespace Onboard.Tests.Infrastructure;

/// <summary>What a starting <c>onboard run</c> prints before its cameras run: its control and publish endpoints.</summary>
public static class RunStartLines
{
    /// <summary>Reads lines into <paramref name="lines"/> up to <c>running …</c>; fails naming what it printed when an endpoint is missing.</summary>
    public static (string Publish, string Control) Read(PeerProcess process, List<string> lines, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(lines);
        string? control = null, publish = null;
        while (process.ReadLine(wait) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("control endpoint=", StringComparison.Ordinal))
            {
                control = line["control endpoint=".Length..];
            }
            else if (line.StartsWith("running ", StringComparison.Ordinal))
            {
                publish = line.Split(' ').Single(p => p.StartsWith("endpoint=", StringComparison.Ordinal))["endpoint=".Length..];
                break;
            }
        }
        Assert.True(publish is not null && control is not null, $"onboard run did not start: {string.Join('\n', lines)} {process.StandardError}");
        return (publish!, control!);
    }
}
