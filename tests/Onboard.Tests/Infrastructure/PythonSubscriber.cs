using System.Globalization;
using System.Text.Json;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// The independent subscriber every wire-contract test uses: <c>Peers/zmq_subscriber.py</c> (pyzmq and Python protobuf
/// from Debian) with modules generated from our .proto by Debian's protoc (<see cref="ProtoPython"/>), connected to
/// <c>endpoint</c> and subscribed to <c>topicPrefix</c> (and the <c>--also</c> prefixes in <c>options</c>). It has
/// printed "ready" when the constructor returns; it exits after <c>count</c> messages on <c>topicPrefix</c>.
/// </summary>
public sealed class PythonSubscriber : IDisposable
{
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _modules = new();
    private readonly PeerProcess _peer;

    public PythonSubscriber(string endpoint, string topicPrefix, int count, params string[] options)
    {
        ProtoPython.Generate(_modules.Path);
        _peer = new PeerProcess(PeerProcess.Python,
            [PeerProcess.PeerScript("zmq_subscriber.py"), endpoint, topicPrefix, count.ToString(CultureInfo.InvariantCulture), _modules.Path, .. options]);
        string? ready = _peer.ReadLine(s_start);
        if (ready != "ready")
        {
            string error = _peer.StandardError;
            Dispose();
            Assert.Fail($"zmq_subscriber.py did not start ('{ready}'): {error}");
        }
    }

    public string StandardError => _peer.StandardError;

    public int ExitCode => _peer.ExitCode;

    /// <summary>The next message's JSON line (<c>topic</c>, <c>frames</c>, <c>message</c>), or null after the timeout.</summary>
    public string? ReadLine(TimeSpan timeout) => _peer.ReadLine(timeout);

    /// <summary>The next message parsed (<c>topic</c>, <c>frames</c>, <c>message</c>), or null after the timeout.</summary>
    public JsonElement? Read(TimeSpan timeout) =>
        ReadLine(timeout) is { } line ? JsonDocument.Parse(line).RootElement.Clone() : null;

    /// <summary>
    /// Reads until a message (<c>topic</c>, <c>frames</c>, <c>message</c>) matches and returns it; fails naming
    /// <paramref name="what"/> when none does within <paramref name="wait"/>.
    /// </summary>
    public JsonElement Next(string what, Func<JsonElement, bool> match, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(match);
        DateTime until = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < until)
        {
            if (Read(TimeSpan.FromSeconds(1)) is { } received && match(received))
            {
                return received;
            }
        }
        Assert.Fail($"the subscriber heard no {what} within {wait.TotalSeconds} s: {StandardError}");
        return default;
    }

    public bool WaitForExit(TimeSpan timeout) => _peer.WaitForExit(timeout);

    public void Dispose()
    {
        _peer?.Dispose();
        _modules.Dispose();
    }
}
