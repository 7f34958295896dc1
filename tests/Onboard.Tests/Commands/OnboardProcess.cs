using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Commands;

/// <summary>The <c>onboard</c> CLI (the onboard.dll copied beside the tests) as a real child process.</summary>
internal static class OnboardProcess
{
    public static PeerProcess Start(params string[] arguments)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return new PeerProcess(dotnet, [Path.Combine(AppContext.BaseDirectory, "onboard.dll"), .. arguments]);
    }
}
