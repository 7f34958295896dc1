using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Run;

/// <summary><c>onboard config check</c> and <c>onboard run</c> on a run config's <c>upload</c> and <c>control</c> sections.</summary>
public sealed class RunUploadConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();

    [Fact]
    public void ConfigCheck_PrivateKeyAsCloudPublicKeyFile_IsRefusedByName()
    {
        string config = Write($$"""{ "endpoint": "http://127.0.0.1:1080/files/", "cloudPublicKeyFile": "{{_keys.PrivateKey}}", "vehicleId": "car-1" }""");

        var (code, _, error) = OnboardCli.Run("config", "check", config);

        Assert.Equal(2, code);
        Assert.Contains("upload.cloudPublicKeyFile: ", error, StringComparison.Ordinal);
        Assert.Contains("holds a private key", error, StringComparison.Ordinal);
        // onboard run refuses it the same way, before opening anything.
        var (runCode, _, runError) = OnboardCli.Run("run", "--config", config);
        Assert.Equal(2, runCode);
        Assert.Contains("upload.cloudPublicKeyFile: ", runError, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigCheck_BadUploadAndControlFields_AreEachNamed()
    {
        string config = Write($$"""{ "endpoint": "ftp://x/", "cloudPublicKeyFile": "{{_keys.PublicKey}}", "vehicleId": "car-1", "chunkKb": 0, "concurrency": "two" }""",
            control: """{ "endpoint": "5557" }""");

        var (code, _, error) = OnboardCli.Run("config", "check", config);

        Assert.Equal(2, code);
        foreach (string field in new[] { "upload.endpoint: ", "upload.chunkKb: ", "upload.concurrency: ", "control.endpoint: " })
        {
            Assert.Contains(field, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ConfigCheck_GoodUpload_IsOk()
    {
        string config = Write($$"""{ "endpoint": "http://127.0.0.1:1080/files/", "cloudPublicKeyFile": "{{Path.GetFileName(_keys.PublicKey)}}", "vehicleId": "car-1" }""");
        File.Copy(_keys.PublicKey, _dir.File(Path.GetFileName(_keys.PublicKey)));

        var (code, output, error) = OnboardCli.Run("config", "check", config);

        Assert.True(code == 0, error);
        Assert.Contains(": ok (", output, StringComparison.Ordinal);
    }

    private string Write(string upload, string? control = null)
    {
        string file = _dir.File("run.json");
        File.WriteAllText(file, $$"""
            {
              "models": { "signs": { "builtin": "synthetic-signs" } },
              "cameras": [ { "id": "front", "model": "signs", "source": { "kind": "sim" } } ],
              {{(control is null ? "" : $"\"control\": {control},")}}
              "upload": {{upload}}
            }
            """);
        return file;
    }

    public void Dispose()
    {
        _keys.Dispose();
        _dir.Dispose();
    }
}
