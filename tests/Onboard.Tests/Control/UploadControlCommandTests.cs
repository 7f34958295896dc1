using Onboard.Runtime.Control;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Spool;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Control;

/// <summary>
/// <c>onboard upload pause|allow|status</c> as child processes against a control socket serving a real
/// <see cref="Uploader"/>'s verbs (the same <see cref="UploadControl.Register"/> <c>onboard run</c> calls).
/// </summary>
public sealed class UploadControlCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Uploader _uploader;
    private readonly ControlServer _server = new("tcp://127.0.0.1:*");

    public UploadControlCommandTests()
    {
        // Never run: the gate and the status are what the verbs touch.
        _uploader = new Uploader(UploadSpool.Open(_dir.File("spool")),
            new UploadOptions { Endpoint = new Uri("http://127.0.0.1:9/files/"), CloudPublicKeyFile = "", VehicleId = "car-1" });
        UploadControl.Register(_server, _uploader);
        _server.Start();
    }

    [Fact]
    public void PauseThenAllow_FlipTheRunsGate()
    {
        var (code, output, error) = OnboardCli.Run("upload", "pause", "--control", _server.Endpoint);
        Assert.True(code == 0, error);
        Assert.Equal("upload allowed=no", output);
        Assert.False(_uploader.Gate.IsAllowed);

        Assert.Equal("upload allowed=no (unchanged)", OnboardCli.Run("upload", "pause", "--control", _server.Endpoint).Output);

        (code, output, error) = OnboardCli.Run("upload", "allow", "--control", _server.Endpoint);
        Assert.True(code == 0, error);
        Assert.Equal("upload allowed=yes", output);
        Assert.True(_uploader.Gate.IsAllowed);
    }

    [Fact]
    public void Pause_FindsTheEndpointInTheRunConfig()
    {
        string config = _dir.File("run.json");
        File.WriteAllText(config, $$"""{ "control": { "endpoint": "{{_server.Endpoint}}" }, "models": {}, "cameras": [] }""");

        var (code, output, error) = OnboardCli.Run("upload", "pause", "--config", config);

        Assert.True(code == 0, error);
        Assert.Equal("upload allowed=no", output);
    }

    [Fact]
    public void Status_OverTheSocket_PrintsTheLiveStatus()
    {
        _uploader.Gate.Pause();

        var (code, output, error) = OnboardCli.Run("upload", "status", "--control", _server.Endpoint);

        Assert.True(code == 0, error);
        Assert.Equal(_uploader.Status().Format(), output);
        Assert.EndsWith("allowed=no", output, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingListening_ExitsOneWithAClearMessage()
    {
        string endpoint = _server.Endpoint;
        _server.Dispose();

        var (code, _, error) = OnboardCli.Run("upload", "allow", "--control", endpoint, "--timeout", "0.3");

        Assert.Equal(1, code);
        Assert.Contains($"upload.allow: no reply from the control socket {endpoint}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadControlSection_ExitsTwoNamingTheField()
    {
        string config = _dir.File("run.json");
        File.WriteAllText(config, """{ "control": { "endpoint": "http://x", "port": 5 } }""");

        var (code, _, error) = OnboardCli.Run("upload", "pause", "--config", config);

        Assert.Equal(2, code);
        Assert.Contains("control.endpoint: must be a ZeroMQ endpoint", error, StringComparison.Ordinal);
        Assert.Contains("control.port", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _server.Dispose();
        _uploader.Dispose();
        _dir.Dispose();
    }
}
