using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Onboard.Bench;

/// <summary>
/// <c>--vector-widths</c>: runs every selected benchmark twice in one run, at the machine's widest vectors and
/// limited to 128 bits (the width of arm64's NEON, which the vehicle runs), so each table shows both side by
/// side. 128 bits is <c>DOTNET_EnableAVX2=0</c> (which on .NET 10 also turns off AVX-512 and FMA);
/// <c>DOTNET_EnableAVX512F=0</c> is set too, as the issue spells the job, though .NET 10 reads
/// <c>DOTNET_EnableAVX512</c> for that. Fixed warm-up and iteration counts keep a run of every case bounded.
/// </summary>
internal static class VectorWidthJobs
{
    public const string Flag = "--vector-widths";

    public const string Widest = "widest";
    public const string Narrow = "128-bit";

    /// <summary>Fixed warm-up and iteration counts: a run of every case stays bounded.</summary>
    public static Job DefaultJob { get; } = Job.Default.WithLaunchCount(1).WithWarmupCount(8).WithIterationCount(15);

    public static IConfig Config() => Config(DefaultJob);

    /// <summary>Both widths of <paramref name="baseJob"/>.</summary>
    public static IConfig Config(Job baseJob)
    {
        // On top of the default config: its loggers, exporters and columns stay; only the jobs are ours.
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(baseJob.WithId(Widest))
            .AddJob(baseJob.WithId(Narrow).WithEnvironmentVariables([.. NarrowEnvironment.Select(v => new EnvironmentVariable(v.Key, v.Value))]));
    }

    /// <summary>What limits .NET to 128-bit vectors (read by the JIT at start-up).</summary>
    public static IReadOnlyDictionary<string, string> NarrowEnvironment { get; } =
        new Dictionary<string, string> { ["DOTNET_EnableAVX512F"] = "0", ["DOTNET_EnableAVX2"] = "0" };
}
