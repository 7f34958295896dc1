using Onboard.Tests.Hil.Recording;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Scenarios;

/// <summary><c>onboard config check</c> reads the scenario files a config's <c>scenario</c> sources name, as <c>record</c> does.</summary>
public sealed class ScenarioConfigCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Check_GoodScenario_Ok()
    {
        File.WriteAllText(_dir.File("drive.json"), HilRecordingFixture.Scenario);

        var (code, output, error) = Check();

        Assert.True(code == 0, error);
        Assert.Contains("run.json: ok (1 camera(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ScenarioWithAnUnknownField_Exit2NamingTheConfigFieldAndTheScenarioField()
    {
        File.WriteAllText(_dir.File("drive.json"), HilRecordingFixture.Scenario.Replace("\"side\"", "\"colour\": 1, \"side\"", StringComparison.Ordinal));

        var (code, _, error) = Check();
        var record = OnboardCli.Run("record", "--config", _dir.File("run.json"), "--output", _dir.File("run.mcap"));

        Assert.Equal(2, code);
        Assert.Contains($"cameras[0].source.path: {_dir.File("drive.json")}: signs[0].colour: unknown field", error, StringComparison.Ordinal);
        Assert.Equal(2, record.ExitCode);
        Assert.Contains("signs[0].colour: unknown field", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MissingScenarioFile_Exit2NamingIt()
    {
        var (code, _, error) = Check();

        Assert.Equal(2, code);
        Assert.Contains($"cameras[0].source.path: cannot read {_dir.File("drive.json")}", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private (int ExitCode, string Output, string Error) Check()
    {
        File.WriteAllText(_dir.File("run.json"), HilRecordingFixture.RunConfig(""));
        return OnboardCli.Run("config", "check", _dir.File("run.json"));
    }
}
