using System.CommandLine;
using Onboard.Hil.Demo;
using Onboard.Runtime.Primitives;

namespace Onboard.Commands;

/// <summary><c>onboard demo</c>: the whole slice on an embedded default, no config and no hardware.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var defaults = new DemoOptions();
        var seconds = new Option<double>("--seconds") { Description = "How long the camera runs", DefaultValueFactory = _ => defaults.Seconds };
        var fps = new Option<double>("--fps") { Description = "Camera frame rate", DefaultValueFactory = _ => defaults.FramesPerSecond };
        var endpoint = new Option<string>("--endpoint") { Description = "ZeroMQ PUB endpoint (tcp://host:* picks a free port)", DefaultValueFactory = _ => defaults.Endpoint };
        var seed = new Option<int>("--seed") { Description = "Scene generator seed", DefaultValueFactory = _ => defaults.Seed };
        var quiet = new Option<bool>("--quiet") { Description = "Only print the summary, not every received frame" };
        var command = new Command("demo", "Simulated camera → preprocess → ONNX Runtime → NMS → ZeroMQ → subscriber, with latency and accuracy")
        {
            seconds, fps, endpoint, seed, quiet,
        };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Seconds = parse.GetValue(seconds),
                FramesPerSecond = parse.GetValue(fps),
                Endpoint = parse.GetValue(endpoint)!,
                Seed = parse.GetValue(seed),
                PrintFrames = !parse.GetValue(quiet),
            };
            DemoReport report = new DemoRunner(options, Console.Out, MonotonicClock.System).Run();
            if (!report.Succeeded)
            {
                Console.Error.WriteLine($"demo failed: {report.FramesReceived}/{report.FramesPublished} frames received, recall {report.Accuracy.Recall:0.000}");
                return 1;
            }
            return 0;
        });
        return command;
    }
}
