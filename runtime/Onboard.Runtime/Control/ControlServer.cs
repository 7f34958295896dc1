using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Runtime.Control;

/// <summary>
/// The control socket of <c>onboard run</c>: a ZeroMQ REP socket answering one JSON request at a time on its own
/// thread (the wire format is in this folder's README). Components register verbs (<see cref="Register"/>, before or
/// after <see cref="Start"/>); every request gets exactly one reply, and a malformed request, an unknown verb or a
/// handler that throws gets an error reply and a counter, never a crash.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    /// <summary>Larger requests are refused unread: nothing legitimate comes near it.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    private static readonly TimeSpan s_stopPoll = TimeSpan.FromMilliseconds(100);
    private static readonly JsonNodeOptions s_nodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 16 };

    private readonly Lock _lock = new();
    // Guarded by _lock: registered verbs (handlers run on the control thread).
    private readonly SortedDictionary<string, ControlHandler> _handlers = new(StringComparer.Ordinal);
    private readonly Action<string>? _log;
    private readonly ZmqContext _context = new();
    private readonly ZmqSocket _socket;
    private Thread? _thread;
    private volatile bool _stopping;
    private long _requests;
    private long _malformed;
    private long _unknown;
    private long _refused;
    private long _failed;

    /// <summary>Binds <paramref name="endpoint"/> now, so a taken port fails the caller's start, not a thread later.</summary>
    public ControlServer(string endpoint, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _log = log;
        try
        {
            _socket = _context.CreateSocket(ZmqSocketType.Rep);
            _socket.Linger = TimeSpan.Zero;
            // A reply to a client that vanished must not hold the control thread.
            _socket.SendTimeout = TimeSpan.FromSeconds(1);
            _socket.Bind(endpoint);
            Endpoint = _socket.LastEndpoint;
        }
        catch
        {
            _context.Dispose();
            throw;
        }
        Register("verbs", _ => new JsonObject { ["verbs"] = new JsonArray([.. Verbs.Select(v => JsonValue.Create(v))]) });
    }

    /// <summary>The bound endpoint, a wildcard port resolved.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<string> Verbs
    {
        get
        {
            lock (_lock)
            {
                return [.. _handlers.Keys];
            }
        }
    }

    /// <summary>Requests received (every one was answered).</summary>
    public long Requests => Interlocked.Read(ref _requests);
    /// <summary>Requests that were not one JSON object with a string <c>verb</c> (or too large, or multipart).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);
    public long UnknownVerbs => Interlocked.Read(ref _unknown);
    /// <summary>Requests a handler refused (<see cref="ControlException"/>).</summary>
    public long Refused => Interlocked.Read(ref _refused);
    /// <summary>Requests whose handler threw something else (a bug; logged), and socket errors.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Serves <paramref name="verb"/> with <paramref name="handler"/>; a verb is registered once.</summary>
    public void Register(string verb, ControlHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(verb);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            if (!_handlers.TryAdd(verb, handler))
            {
                throw new ArgumentException($"control verb \"{verb}\" is registered already", nameof(verb));
            }
        }
    }

    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("the control server is started already");
        }
        // The socket was made on this thread; from here on only the control thread touches it (Thread.Start publishes it).
        _thread = new Thread(Serve) { Name = "control", IsBackground = true };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join();
        _socket.Dispose();
        _context.Dispose();
    }

    private void Serve()
    {
        var poller = new ZmqPoller(1);
        int index = poller.Add(_socket, ZmqPollEvents.Readable);
        while (!_stopping)
        {
            if (poller.Poll(s_stopPoll) == 0 || !poller.IsReadable(index))
            {
                continue;
            }
            try
            {
                ServeOne();
            }
            catch (ZmqException e)
            {
                // A socket error must not end the control thread (an unhandled exception there would end the run).
                Interlocked.Increment(ref _failed);
                _log?.Invoke($"control: {e.Message}");
            }
        }
    }

    private void ServeOne()
    {
        byte[]? request = ReceiveRequest(out string? problem);
        if (request is null && problem is null)
        {
            return;
        }
        Interlocked.Increment(ref _requests);
        JsonObject reply = problem is not null ? Malform(problem) : Handle(request!);
        _socket.TrySend(Encoding.UTF8.GetBytes(reply.ToJsonString()), more: false);
    }

    /// <summary>Reads one whole request; null with a problem when it is multipart or too large (the rest is discarded, REP must still answer).</summary>
    private byte[]? ReceiveRequest(out string? problem)
    {
        problem = null;
        var message = new ZmqMessage();
        try
        {
            if (!_socket.TryReceive(ref message, dontWait: true))
            {
                return null;
            }
            int size = message.Size;
            byte[]? bytes = size <= MaxRequestBytes ? message.Data.ToArray() : null;
            int extra = _socket.SkipRemainingFrames(ref message);
            if (extra > 0)
            {
                problem = $"expected one frame holding a JSON object, got {extra + 1} frames";
                return null;
            }
            if (bytes is null)
            {
                problem = $"request of {size} bytes is larger than {MaxRequestBytes}";
            }
            return bytes;
        }
        finally
        {
            message.Dispose();
        }
    }

    private JsonObject Handle(byte[] request)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(request, s_nodeOptions, s_documentOptions);
        }
        catch (JsonException e)
        {
            return Malform($"not JSON: {e.Message}");
        }
        if (node is not JsonObject fields)
        {
            return Malform($"expected a JSON object {{\"verb\": …}}, got {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}");
        }
        if (fields["verb"] is not JsonValue verbNode || verbNode.GetValueKind() != JsonValueKind.String || verbNode.GetValue<string>() is not { Length: > 0 } verb)
        {
            return Malform("\"verb\" is required (a non-empty string)");
        }
        ControlHandler? handler;
        lock (_lock)
        {
            _handlers.TryGetValue(verb, out handler);
        }
        if (handler is null)
        {
            Interlocked.Increment(ref _unknown);
            return Error(verb, $"unknown verb \"{verb}\" (known: {string.Join(", ", Verbs)})");
        }
        try
        {
            JsonObject reply = handler(new ControlRequest(verb, fields));
            var ok = new JsonObject { ["ok"] = true, ["verb"] = verb };
            foreach ((string key, JsonNode? value) in reply.ToArray())
            {
                reply.Remove(key);
                ok[key] = value;
            }
            return ok;
        }
        catch (ControlException e)
        {
            Interlocked.Increment(ref _refused);
            return Error(verb, e.Message);
        }
        catch (Exception e)
        {
            // A handler bug must not take the control socket (or the run) down; it is logged and counted.
            Interlocked.Increment(ref _failed);
            _log?.Invoke($"control: verb \"{verb}\" failed: {e}");
            return Error(verb, $"internal error: {e.Message}");
        }
    }

    private JsonObject Malform(string problem)
    {
        Interlocked.Increment(ref _malformed);
        return new JsonObject { ["ok"] = false, ["error"] = "malformed request: " + problem };
    }

    private static JsonObject Error(string verb, string message) => new() { ["ok"] = false, ["verb"] = verb, ["error"] = message };
}
