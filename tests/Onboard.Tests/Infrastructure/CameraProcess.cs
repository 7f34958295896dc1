using Onboard.Runtime.Frames.SharedMemory;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// <c>onboard camera sim|play</c> as a real child process (the onboard.dll copied beside the tests), writing
/// into a ring under a unique name. Construction returns once the producer printed its ready line.
/// </summary>
public sealed class CameraProcess : IDisposable
{
    private readonly PeerProcess _process;

    private CameraProcess(string name, string[] command)
    {
        _process = OnboardCli.Start(["camera", .. command, "--name", name]);
        string? ready = _process.ReadLine(TimeSpan.FromSeconds(60));
        if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
        {
            string error = _process.StandardError;
            _process.Dispose();
            throw new InvalidOperationException($"camera {command[0]} did not start: '{ready}' {error}");
        }
        ReadyLine = ready;
        Name = name;
    }

    public static CameraProcess Sim(string name, params string[] arguments) => new(name, ["sim", .. arguments]);

    public static CameraProcess Play(string name, string file, params string[] arguments) => new(name, ["play", file, .. arguments]);

    public string Name { get; }
    public string ReadyLine { get; }
    public PeerProcess Process => _process;

    /// <summary>A camera name no other test (or run) uses, so tests can run side by side.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];

    public static ShmFrameSourceOptions Consumer(string name) => ShmFrameSourceOptions.ForCamera(name);

    /// <summary>The producer's closing line (after <c>--frames</c> ran out), e.g. <c>stopped … descriptors-dropped=N</c>.</summary>
    public string? WaitForStoppedLine(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string? line = _process.ReadLine(deadline - DateTime.UtcNow);
            if (line is null || line.StartsWith("stopped ", StringComparison.Ordinal))
            {
                return line;
            }
        }
        return null;
    }

    public void Dispose()
    {
        _process.Dispose();
        // A killed producer leaves its files behind (that is what the ring survives); tests tidy up.
        File.Delete(RingPaths.Ring(Name));
        File.Delete(RingPaths.Socket(Name));
    }
}
