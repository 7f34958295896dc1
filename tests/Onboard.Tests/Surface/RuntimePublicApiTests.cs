using System.Reflection;
using System.Runtime.CompilerServices;
using Onboard.Runtime.Hosting;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Surface;

/// <summary>
/// Pins Onboard.Runtime's public surface (issue 16: options, factories, IFrameSource, the engine seam, the wire and
/// clip contracts, what the <c>onboard</c> commands and the HIL rig call; the machinery internal), so it cannot
/// grow unnoticed: every exported type, nested ones too, against the sorted list in <c>runtime-public-api.txt</c>.
/// Change the list on purpose with <c>ONBOARD_REFRESH_SURFACE=1 dotnet test tests/Onboard.Tests --filter
/// RuntimePublicApi</c> and commit it with the change that moved it.
/// </summary>
public sealed class RuntimePublicApiTests
{
    private static readonly Assembly s_runtime = typeof(PipelineHost).Assembly;

    private static string ListPath => Path.Combine(OnboardCli.RepositoryRoot, "tests", "Onboard.Tests", "Surface", "runtime-public-api.txt");

    [Fact]
    public void ExportedTypes_AreExactlyTheCheckedInList()
    {
        List<string> actual = s_runtime.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        if (Environment.GetEnvironmentVariable("ONBOARD_REFRESH_SURFACE") == "1")
        {
            File.WriteAllLines(ListPath, actual);
        }
        List<string> expected = File.ReadAllLines(ListPath).Where(l => l.Length > 0).ToList();
        List<string> added = actual.Except(expected, StringComparer.Ordinal).ToList();
        List<string> removed = expected.Except(actual, StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            "Onboard.Runtime's public surface differs from tests/Onboard.Tests/Surface/runtime-public-api.txt\n"
            + string.Concat(added.Select(t => $"  + {t}\n")) + string.Concat(removed.Select(t => $"  - {t}\n"))
            + "Machinery belongs internal (tests and bench see it). If the change is meant, rewrite the list with "
            + "ONBOARD_REFRESH_SURFACE=1 dotnet test tests/Onboard.Tests --filter RuntimePublicApi and commit it.");
    }

    [Fact]
    public void Internals_AreVisibleOnlyToTestsAndBench()
    {
        // The embedders (the onboard executable, the HIL rig) use the public surface like any other.
        string[] friends = s_runtime.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Onboard.Bench", "Onboard.Tests"], friends);
    }
}
