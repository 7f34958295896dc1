namespace Onboard.Bench.Upload;

/// <summary>Finds the repository's peer scripts from the benchmark's output folder (BenchmarkDotNet runs it from a generated project).</summary>
internal static class BenchPaths
{
    public static string Root
    {
        get
        {
            for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Onboard.sln")))
                {
                    return dir;
                }
            }
            throw new InvalidOperationException("Onboard.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Peer(string name) => Path.Combine(Root, "bench", "peers", name);

    public static string NodePeer(string name) => Path.Combine(Root, "tests", "Onboard.Tests", "Peers", "node", name);
}
