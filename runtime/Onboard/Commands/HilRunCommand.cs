using System.CommandLine;
using System.Text.Json;
using Onboard.Hil.Recording;
using Onboard.Hil.Reports;
using Onboard.Hil.Scenarios;
using Onboard.Runtime.Config;
using Onboard.Runtime.Primitives;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard hil run scenario.json --config run.json --report DIR</c>: the scenario drives every camera of the config
/// (paced at its frame rate, no drops), recorded into <c>DIR/run.mcap</c>, evaluated, and reported as
/// <c>DIR/report.html</c> (one self-contained page) and <c>DIR/summary.json</c> (what <c>hil eval --json</c> prints).
/// </summary>
internal static class HilRunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario JSON (hil/Onboard.Hil/Scenarios/README.md)" };
        var config = new Option<string>("--config") { Description = "Run config: models and cameras (their sources are replaced by the scenario)", Required = true };
        var report = new Option<string>("--report") { Description = "Directory for run.mcap, report.html and summary.json", Required = true };
        var lockstep = new Option<bool>("--lockstep") { Description = "Every frame as soon as the previous is through, on the scenario's nominal clock (no deadlines)" };
        var command = new Command("run", "Scenario → record → evaluate → HTML report and summary.json") { scenario, config, report, lockstep };
        command.SetAction(parse => Run(parse.GetValue(scenario)!, parse.GetValue(config)!, parse.GetValue(report)!, parse.GetValue(lockstep)));
        return command;
    }

    private static int Run(string scenarioFile, string configFile, string reportDir, bool lockstep)
    {
        Scenario scenario;
        RunConfig? config;
        try
        {
            scenario = ScenarioReader.Read(scenarioFile);
            config = ConfigReader.Validate(configFile, out List<ConfigError> errors);
            if (config is null)
            {
                ConfigCommand.WriteErrors(configFile, errors);
                return 2;
            }
        }
        catch (ConfigException e)
        {
            ConfigCommand.WriteErrors(e.File, e.Errors);
            return 2;
        }
        Directory.CreateDirectory(reportDir);
        string recording = Path.Combine(reportDir, "run.mcap");
        var clock = MonotonicClock.System;
        FramePacing pacing = lockstep ? FramePacing.Lockstep : FramePacing.Paced;
        var session = new RecordingSession
        {
            Config = config,
            ConfigText = File.ReadAllText(configFile),
            Pacing = pacing,
            Endpoint = "tcp://127.0.0.1:*",
            Sources = (camera, gate) => new ScenarioFrameSource(camera.Id, scenario, clock, pacing, gate),
            Log = Console.Error,
            Clock = clock,
        };
        session.Metadata["scenario"] = new Dictionary<string, string> { ["json"] = File.ReadAllText(scenarioFile), ["name"] = scenario.Name };
        int code = RecordCommand.Record(session, recording, 0, "hil run", out RecordingResult? result);
        if (result is null)
        {
            return code;
        }
        if (HilEvalCommand.Evaluate(recording, "hil run") is not { } evaluation)
        {
            return 2;
        }
        string summary = Path.Combine(reportDir, "summary.json");
        File.WriteAllText(summary, JsonSerializer.Serialize(evaluation with { Recording = "run.mcap" }, HilEvalCommand.Json));
        string html = Path.Combine(reportDir, "report.html");
        File.WriteAllText(html, HtmlReport.Render(scenario, evaluation, lockstep ? 0 : config.Cameras[0].Pipeline.Deadline.TotalMilliseconds));
        Console.WriteLine(HilEvalCommand.Text(evaluation));
        Console.WriteLine($"report {Path.GetFullPath(html)} summary {Path.GetFullPath(summary)}");
        return code;
    }
}
