using BenchmarkDotNet.Running;

namespace Onboard.Bench;

internal static class Program
{
    /// <summary>BenchmarkSwitcher entry point; exits non-zero when any benchmark errored.</summary>
    private static int Main(string[] args)
    {
        // --device-check: host vs CUDA parity and timings of the device kernels (scripts/gpu-check.sh).
        if (args.Contains(Device.DeviceCheck.Flag))
        {
            return Device.DeviceCheck.Run();
        }
        // --report: what make bench and make bench-quick run (every suite with its peers, results and guard).
        if (args.Contains(Report.WidthRun.Flag))
        {
            return Report.WidthRun.Run(args);
        }
        if (args.Contains(Report.ReportCommand.Flag))
        {
            return Report.ReportCommand.Run(args);
        }
        // --vector-widths: every selected benchmark at the widest vectors and at 128 bits, in one run.
        bool widths = args.Contains(VectorWidthJobs.Flag);
        string[] rest = [.. args.Where(a => a != VectorWidthJobs.Flag)];
        var summaries = widths
            ? BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, VectorWidthJobs.Config())
            : BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
