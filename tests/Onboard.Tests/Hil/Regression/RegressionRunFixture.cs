using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Regression;

/// <summary>One <c>onboard hil run</c> of the committed regression scenario (hil/scenarios), shared by the gate and the report test.</summary>
public sealed class RegressionRunFixture : IDisposable
{
    public RegressionRunFixture()
    {
        string scenarios = Path.Combine(OnboardCli.RepositoryRoot, "hil", "scenarios");
        Run = OnboardCli.Run("hil", "run", Path.Combine(scenarios, "regression.json"), "--config", Path.Combine(scenarios, "regression.run.json"),
            "--report", Dir.Path);
    }

    public TempDirectory Dir { get; } = new();

    public (int ExitCode, string Output, string Error) Run { get; }

    public string Summary => Dir.File("summary.json");

    public string Report => Dir.File("report.html");

    public void Dispose() => Dir.Dispose();
}
