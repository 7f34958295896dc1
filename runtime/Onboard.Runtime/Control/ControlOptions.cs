namespace Onboard.Runtime.Control;

/// <summary>The run config's <c>control</c> section: where the control socket (ZeroMQ REP) listens.</summary>
public sealed record ControlOptions
{
    public const string DefaultEndpoint = "tcp://127.0.0.1:5557";

    /// <summary>A ZeroMQ endpoint to bind; <c>tcp://127.0.0.1:*</c> takes a free port (printed at start).</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;
}
