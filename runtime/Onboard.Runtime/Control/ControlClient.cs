using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Runtime.Control;

/// <summary>
/// Sends requests to a running <c>onboard run</c>'s control socket (the CLI's <c>onboard upload pause|allow|status</c>,
/// <c>onboard trigger</c>). Each request uses a fresh REQ socket, so one that timed out cannot wedge the next.
/// </summary>
public sealed class ControlClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly ZmqContext _context = new();

    public ControlClient(string endpoint, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        Endpoint = endpoint;
        Timeout = timeout ?? DefaultTimeout;
    }

    public string Endpoint { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Sends <c>{"verb": VERB, …fields}</c>; returns the reply (check its <c>ok</c>, or use <see cref="Call"/>).</summary>
    /// <exception cref="TimeoutException">No reply within <see cref="Timeout"/> (nothing listening there).</exception>
    public JsonObject Send(string verb, JsonObject? fields = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(verb);
        var request = new JsonObject { ["verb"] = verb };
        foreach ((string key, JsonNode? value) in fields ?? [])
        {
            request[key] = value?.DeepClone();
        }
        return SendRaw(Encoding.UTF8.GetBytes(request.ToJsonString()));
    }

    /// <summary>Like <see cref="Send"/>, but an error reply throws a <see cref="ControlException"/> with the server's reason.</summary>
    public JsonObject Call(string verb, JsonObject? fields = null)
    {
        JsonObject reply = Send(verb, fields);
        return reply["ok"] is JsonValue ok && ok.GetValueKind() == JsonValueKind.True
            ? reply
            : throw new ControlException(reply["error"]?.ToString() ?? "error reply without a reason");
    }

    /// <summary>Sends <paramref name="request"/> as it is (tests send malformed ones) and parses the reply.</summary>
    public JsonObject SendRaw(ReadOnlySpan<byte> request)
    {
        using ZmqSocket socket = _context.CreateSocket(ZmqSocketType.Req);
        socket.Linger = TimeSpan.Zero;
        socket.Connect(Endpoint);
        socket.TrySend(request, more: false);
        var poller = new ZmqPoller(1);
        poller.Add(socket, ZmqPollEvents.Readable);
        if (poller.Poll(Timeout) == 0)
        {
            throw new TimeoutException($"no reply from the control socket {Endpoint} within {Timeout.TotalSeconds:0.#} s (is onboard run running with that control.endpoint?)");
        }
        var message = new ZmqMessage();
        try
        {
            socket.TryReceive(ref message, dontWait: true);
            JsonNode? reply;
            try
            {
                reply = JsonNode.Parse(message.Data);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"the control socket {Endpoint} replied with something other than JSON: {e.Message}", e);
            }
            return reply as JsonObject ?? throw new InvalidDataException($"the control socket {Endpoint} replied with something other than a JSON object");
        }
        finally
        {
            message.Dispose();
        }
    }

    public void Dispose() => _context.Dispose();
}
