using Onboard.Hil.Demo;
using Onboard.Runtime.Pipeline;

namespace Onboard.Tests.Hil;

public sealed class DemoRunnerTests
{
    [Fact]
    public void Run_OneSecond_EveryFrameArrivesThroughZeroMqWithEverySignFound()
    {
        var output = new StringWriter();
        var report = new DemoRunner(new DemoOptions { Seconds = 1, FramesPerSecond = 10, PrintFrames = false }, output, MonotonicClock.System).Run();
        Assert.True(report.Succeeded, output.ToString());
        Assert.True(report.FramesReceived == 10, $"{report.FramesReceived} of 10 frames received:\n{output}");
        Assert.Equal(1.0, report.Accuracy.Recall);
        Assert.Contains("end-to-end", output.ToString(), StringComparison.Ordinal);
    }
}
