namespace Onboard.Runtime.Messaging;

/// <summary>The process's PUB socket: where it binds, how much it queues, how it is secured.</summary>
public sealed record PublisherOptions
{
    /// <summary>ZeroMQ endpoint to bind, e.g. <c>tcp://*:5556</c> or <c>ipc:///run/onboard/out</c>.</summary>
    public string Endpoint { get; init; } = "tcp://127.0.0.1:5556";

    /// <summary>Messages queued per subscriber before PUB drops for that subscriber.</summary>
    public int SendHighWatermark { get; init; } = 1000;

    /// <summary>At shutdown, how long queued messages may still be delivered.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>CURVE server secret key (Z85). Set: every connection is encrypted; subscribers need the public key.</summary>
    public string? CurveSecretKey { get; init; }

    /// <summary>Z85 public keys of the subscribers to admit (ZAP). Empty: any client that knows the server key.</summary>
    public IReadOnlyList<string> AuthorizedClients { get; init; } = [];
}
