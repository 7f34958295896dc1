using Onboard.Runtime.Clips;

namespace Onboard.Hil.Replay;

/// <summary>How the models of a replay differ from the recording's (by the config's model name): one line per difference.</summary>
public static class LineageDifference
{
    public static List<string> Models(IReadOnlyList<ClipModelLineage> recorded, IReadOnlyList<ClipModelLineage> replayed)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(replayed);
        var lines = new List<string>();
        foreach (ClipModelLineage now in replayed)
        {
            ClipModelLineage? then = recorded.FirstOrDefault(m => m.Name == now.Name);
            if (then is null)
            {
                lines.Add($"model \"{now.Name}\" ({now.Id} {now.Version}, sha256 {now.Sha256}) is not in the recording (recorded: {string.Join(", ", recorded.Select(m => m.Name))})");
                continue;
            }
            void Field(string name, string a, string b)
            {
                if (a != b)
                {
                    lines.Add($"model \"{now.Name}\" {name}: recorded {a} → replayed {b}");
                }
            }
            Field("id", then.Id, now.Id);
            Field("version", then.Version, now.Version);
            Field("sha256", then.Sha256, now.Sha256);
        }
        return lines;
    }
}
