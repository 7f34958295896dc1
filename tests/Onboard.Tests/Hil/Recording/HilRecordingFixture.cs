using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Recording;

/// <summary>
/// One short scenario recorded by the real <c>onboard record</c> and replayed twice in lockstep by <c>onboard hil
/// replay</c>, shared by the recording tests (each run is seconds of CPU on a shared machine).
/// </summary>
public sealed class HilRecordingFixture : IDisposable
{
    public const int Frames = 30;

    public HilRecordingFixture()
    {
        File.WriteAllText(Dir.File("drive.json"), Scenario);
        File.WriteAllText(Config, RunConfig(""));
        Record = Run("record", "--config", Config, "--output", Recording);
        Replay1 = Run("hil", "replay", Recording, "--output", Replay1Path, "--lockstep");
        Replay2 = Run("hil", "replay", Recording, "--output", Replay2Path);
    }

    public const string Scenario = """
        { "name": "fixture", "seed": 11, "duration": 3, "fps": 10, "egoSpeed": 14,
          "signs": [ { "id": 1, "class": "red_circle", "side": "right", "distance": 32 },
                     { "id": 2, "class": "blue_circle", "side": "left", "distance": 28 },
                     { "id": 3, "class": "octagon", "side": "right", "distance": 50 },
                     { "id": 4, "class": "red_triangle", "side": "left", "distance": 44 } ],
          "events": [ { "kind": "fog", "start": 1, "end": 1.5, "strength": 0.3 },
                      { "kind": "occlusion", "start": 0, "end": 3, "sign": 2, "strength": 0.25 } ] }
        """;

    public TempDirectory Dir { get; } = new();

    public string Config => Dir.File("run.json");

    public string Recording => Dir.File("run.mcap");

    public string Replay1Path => Dir.File("replay1.mcap");

    public string Replay2Path => Dir.File("replay2.mcap");

    public (int ExitCode, string Output, string Error) Record { get; }

    public (int ExitCode, string Output, string Error) Replay1 { get; }

    public (int ExitCode, string Output, string Error) Replay2 { get; }

    /// <summary>
    /// The run config over the fixture's scenario; <paramref name="modelExtra"/> adds fields to the model. Its one trigger
    /// rule fires every 0.5 s of capture time from the first frame (frames 5, 10, 15, 20, 25); the 0.8 s cooldown
    /// suppresses those of frames 10 and 20.
    /// </summary>
    public static string RunConfig(string modelExtra, string cameraId = "front") => $$"""
        { "publish": { "endpoint": "tcp://127.0.0.1:*", "healthIntervalMs": 250 },
          "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1, "deterministic": true{{modelExtra}} } },
          "cameras": [ { "id": "{{cameraId}}", "model": "signs", "source": { "kind": "scenario", "path": "drive.json" } } ],
          "triggers": [ { "id": "tick", "kind": "periodic", "everySeconds": 0.5, "preSeconds": 0.2, "postSeconds": 0.2, "cooldownSeconds": 0.8 } ] }
        """;

    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var result = OnboardCli.Run(arguments);
        return result;
    }

    public void Dispose() => Dir.Dispose();
}
