using Onboard.Runtime.Config;
using Onboard.Runtime.Control;

namespace Onboard.Tests.Config;

public sealed class ConfigReaderControlTests
{
    private const string Rest = """
        "models": { "signs": { "builtin": "synthetic-signs" } },
        "cameras": [ { "id": "front", "model": "signs", "source": { "kind": "sim" } } ]
        """;

    [Fact]
    public void Control_Absent_IsNone()
    {
        RunConfig? config = ConfigReader.Parse($"{{ {Rest} }}", Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Empty(errors);
        Assert.Null(config!.Control);
    }

    [Fact]
    public void Control_WithoutEndpoint_TakesTheDefault()
    {
        RunConfig? config = ConfigReader.Parse($$"""{ "control": {}, {{Rest}} }""", Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Empty(errors);
        Assert.Equal(ControlOptions.DefaultEndpoint, config!.Control!.Endpoint);
        Assert.Equal("tcp://127.0.0.1:5557", ControlOptions.DefaultEndpoint);
    }

    [Fact]
    public void Control_BadFields_AreNamed()
    {
        ConfigReader.Parse($$"""{ "control": { "endpoint": "localhost:5557", "verbs": [] }, {{Rest}} }""", Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Equal(["control.endpoint", "control.verbs"], errors.Select(e => e.Path));
        Assert.Contains("must be a ZeroMQ endpoint", errors[0].Message, StringComparison.Ordinal);
    }
}
