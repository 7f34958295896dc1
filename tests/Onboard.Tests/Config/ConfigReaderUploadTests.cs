using System.Text.Json;
using Onboard.Runtime.Config;
using Onboard.Runtime.Upload;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Config;

public sealed class ConfigReaderUploadTests : IDisposable
{
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();

    [Fact]
    public void ReadUpload_AllFields_AreRead()
    {
        UploadOptions? o = Read($$"""
            { "endpoint": "http://127.0.0.1:1080/files/", "cloudPublicKeyFile": "{{Path.GetFileName(_keys.PublicKey)}}", "vehicleId": "car-9",
              "chunkKb": 512, "maxBytesPerSecond": 250000, "concurrency": 3, "allowed": false, "retry": { "initialMs": 100, "maxMs": 5000 } }
            """, out List<ConfigError> errors);
        Assert.Empty(errors);
        Assert.NotNull(o);
        Assert.Equal(new Uri("http://127.0.0.1:1080/files/"), o.Endpoint);
        Assert.Equal(_keys.PublicKey, o.CloudPublicKeyFile);
        Assert.Equal("car-9", o.VehicleId);
        Assert.Equal(512, o.ChunkKb);
        Assert.Equal(250_000, o.MaxBytesPerSecond);
        Assert.Equal(3, o.Concurrency);
        Assert.False(o.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(100), o.RetryInitial);
        Assert.Equal(TimeSpan.FromSeconds(5), o.RetryMax);
    }

    [Fact]
    public void ReadUpload_BadFields_EachNamedByItsPath()
    {
        UploadOptions? o = Read($$"""
            { "endpoint": "ftp://x/", "cloudPublicKeyFile": "{{_keys.PublicKey}}", "chunkKb": 0, "maxBytesPerSecond": -1,
              "concurrency": 100, "allowed": "yes", "retry": { "initialMs": 0, "maxMs": 1 }, "speed": 1 }
            """, out List<ConfigError> errors);
        Assert.Null(o);
        string[] paths = [.. errors.Select(e => e.Path)];
        Assert.Equal(["upload.endpoint", "upload.vehicleId", "upload.chunkKb", "upload.maxBytesPerSecond", "upload.concurrency",
            "upload.allowed", "upload.retry.initialMs", "upload.speed"], paths);
    }

    [Fact]
    public void ReadUpload_RetryMaxBelowInitial_IsNamed()
    {
        Read($$"""{ "endpoint": "http://h/files/", "cloudPublicKeyFile": "{{_keys.PublicKey}}", "vehicleId": "v", "retry": { "initialMs": 1000, "maxMs": 10 } }""",
            out List<ConfigError> errors);
        Assert.Equal("upload.retry.maxMs", Assert.Single(errors).Path);
    }

    [Fact]
    public void ReadUpload_KeyFileHoldingAPrivateKey_IsRefused()
    {
        Read($$"""{ "endpoint": "http://h/files/", "cloudPublicKeyFile": "{{_keys.PrivateKey}}", "vehicleId": "v" }""", out List<ConfigError> errors);
        ConfigError e = Assert.Single(errors);
        Assert.Equal("upload.cloudPublicKeyFile", e.Path);
        Assert.Contains("holds a private key", e.Message, StringComparison.Ordinal);
    }

    private UploadOptions? Read(string json, out List<ConfigError> errors)
    {
        errors = [];
        using JsonDocument d = JsonDocument.Parse(json);
        return ConfigReader.ReadUpload(d.RootElement, "upload", Path.GetDirectoryName(_keys.PublicKey)!, errors);
    }

    public void Dispose() => _keys.Dispose();
}
