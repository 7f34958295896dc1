using System.Text;
using System.Text.Json.Nodes;
using Onboard.Runtime.Control;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Tests.Control;

public sealed class ControlServerTests : IDisposable
{
    private readonly ControlServer _server = new("tcp://127.0.0.1:*");
    private readonly ControlClient _client;

    public ControlServerTests()
    {
        _server.Register("echo", r => new JsonObject { ["said"] = r.RequiredString("text"), ["note"] = r.String("note") });
        _server.Register("refuse", _ => throw new ControlException("not now: the test says no"));
        _server.Register("crash", _ => throw new InvalidOperationException("a handler bug"));
        _server.Start();
        _client = new ControlClient(_server.Endpoint);
    }

    [Fact]
    public void RegisteredVerb_IsAnsweredWithItsFields()
    {
        JsonObject reply = _client.Call("echo", new JsonObject { ["text"] = "hello" });

        Assert.True(reply["ok"]!.GetValue<bool>());
        Assert.Equal("echo", reply["verb"]!.GetValue<string>());
        Assert.Equal("hello", reply["said"]!.GetValue<string>());
        Assert.Null(reply["note"]);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public void Verbs_ListsEveryRegisteredVerb_IncludingOnesAddedAfterStart()
    {
        _server.Register("late", _ => []);

        JsonObject reply = _client.Call("verbs");

        Assert.Equal(["crash", "echo", "late", "refuse", "verbs"], reply["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void UnknownVerb_GetsAnErrorNamingItAndTheKnownOnes()
    {
        JsonObject reply = _client.Send("upload.explode");

        Assert.False(reply["ok"]!.GetValue<bool>());
        Assert.Equal("unknown verb \"upload.explode\" (known: crash, echo, refuse, verbs)", reply["error"]!.GetValue<string>());
        Assert.Equal(1, _server.UnknownVerbs);
        var e = Assert.Throws<ControlException>(() => _client.Call("upload.explode"));
        Assert.Contains("unknown verb", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all", "malformed request: not JSON")]
    [InlineData("", "malformed request: not JSON")]
    [InlineData("[1, 2]", "malformed request: expected a JSON object {\"verb\": …}, got array")]
    [InlineData("\"verbs\"", "malformed request: expected a JSON object {\"verb\": …}, got string")]
    [InlineData("{}", "malformed request: \"verb\" is required (a non-empty string)")]
    [InlineData("{\"verb\": 7}", "malformed request: \"verb\" is required (a non-empty string)")]
    [InlineData("{\"verb\": \"\"}", "malformed request: \"verb\" is required (a non-empty string)")]
    [InlineData("{\"verb\": \"echo\"", "malformed request: not JSON")]
    public void MalformedRequest_GetsAnErrorReply_AndTheServerGoesOn(string request, string error)
    {
        JsonObject reply = _client.SendRaw(Encoding.UTF8.GetBytes(request));

        Assert.False(reply["ok"]!.GetValue<bool>());
        Assert.StartsWith(error, reply["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, _server.Malformed);
        Assert.Equal("hi", _client.Call("echo", new JsonObject { ["text"] = "hi" })["said"]!.GetValue<string>());
    }

    [Fact]
    public void InvalidUtf8_IsMalformed()
    {
        JsonObject reply = _client.SendRaw([0x7b, 0xff, 0xfe, 0x7d]);

        Assert.StartsWith("malformed request: not JSON", reply["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedRequest_IsRefusedUnread()
    {
        byte[] big = Encoding.UTF8.GetBytes($"{{\"verb\": \"echo\", \"text\": \"{new string('a', ControlServer.MaxRequestBytes)}\"}}");

        JsonObject reply = _client.SendRaw(big);

        Assert.Equal($"malformed request: request of {big.Length} bytes is larger than {ControlServer.MaxRequestBytes}", reply["error"]!.GetValue<string>());
    }

    [Fact]
    public void MistypedField_IsRefusedNamingIt()
    {
        JsonObject reply = _client.Send("echo", new JsonObject { ["text"] = 5 });

        Assert.False(reply["ok"]!.GetValue<bool>());
        Assert.Equal("\"text\" must be a string (got number)", reply["error"]!.GetValue<string>());
        Assert.Equal("\"text\" is required (a non-empty string)", _client.Send("echo")["error"]!.GetValue<string>());
        Assert.Equal(2, _server.Refused);
    }

    [Fact]
    public void HandlerRefusal_AndHandlerBug_AreErrorReplies_AndTheServerGoesOn()
    {
        Assert.Equal("not now: the test says no", _client.Send("refuse")["error"]!.GetValue<string>());
        Assert.Equal("internal error: a handler bug", _client.Send("crash")["error"]!.GetValue<string>());

        Assert.Equal(1, _server.Refused);
        Assert.Equal(1, _server.Failed);
        Assert.True(_client.Call("verbs")["ok"]!.GetValue<bool>());
    }

    [Fact]
    public void RegisteringAVerbTwice_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => _server.Register("echo", _ => []));
        Assert.Contains("\"echo\" is registered already", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BindingATakenEndpoint_ThrowsNamingIt()
    {
        var e = Assert.Throws<ZmqException>(() => new ControlServer(_server.Endpoint));
        Assert.Contains(_server.Endpoint, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_WithNothingListening_TimesOutWithAClearMessage()
    {
        string endpoint = _server.Endpoint;
        _server.Dispose();
        using var client = new ControlClient(endpoint, TimeSpan.FromMilliseconds(200));

        var e = Assert.Throws<TimeoutException>(() => client.Send("verbs"));
        Assert.Contains($"no reply from the control socket {endpoint}", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
