namespace Onboard.Tests.Infrastructure;

/// <summary>Generates Python modules for our .proto contract with Debian's protoc (3.21), which Debian's
/// python3-protobuf can import (the newer protoc from Grpc.Tools emits code it cannot).</summary>
public static class ProtoPython
{
    public static void Generate(string outputDirectory)
    {
        string contracts = Path.Combine(AppContext.BaseDirectory, "Contracts");
        var protos = Directory.GetFiles(contracts, "*.proto").Select(Path.GetFileName).ToArray();
        using var protoc = new PeerProcess("/usr/bin/protoc", [$"-I{contracts}", $"--python_out={outputDirectory}", .. protos!]);
        Assert.True(protoc.WaitForExit(TimeSpan.FromSeconds(30)), "protoc did not finish");
        Assert.True(protoc.ExitCode == 0, "protoc failed: " + protoc.StandardError);
    }
}
