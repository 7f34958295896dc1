using BenchmarkDotNet.Running;

namespace Onboard.Bench;

internal static class Program
{
    /// <summary>BenchmarkSwitcher entry point; exits non-zero when any benchmark errored.</summary>
    private static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
