using System.Text.Json.Nodes;
using Onboard.Runtime.Control;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Control;

/// <summary>The control socket as an independent client sees it: pyzmq (Debian's python3-zmq) sending raw requests.</summary>
public sealed class ControlPythonPeerTests
{
    [Fact]
    public void PyzmqClient_GetsOneReplyPerRequest_MalformedOnesIncluded()
    {
        using var server = new ControlServer("tcp://127.0.0.1:*");
        server.Register("echo", r => new JsonObject { ["said"] = r.RequiredString("text") });
        server.Start();

        using var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("control_client.py"), server.Endpoint,
            """{"verb": "echo", "text": "from python"}""", "garbage", """{"verb": "nope"}""", "@multipart", """{"verb": "verbs"}""");
        var replies = new List<JsonObject>();
        while (peer.ReadLine(TimeSpan.FromSeconds(30)) is { } line)
        {
            replies.Add(JsonNode.Parse(line)!.AsObject());
        }
        Assert.True(peer.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.True(peer.ExitCode == 0, peer.StandardError);

        Assert.Equal(5, replies.Count);
        Assert.Equal("from python", replies[0]["said"]!.GetValue<string>());
        Assert.StartsWith("malformed request: not JSON", replies[1]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("unknown verb \"nope\"", replies[2]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("malformed request: expected one frame holding a JSON object, got 2 frames", replies[3]["error"]!.GetValue<string>());
        Assert.True(replies[4]["ok"]!.GetValue<bool>());
        Assert.Equal(5, server.Requests);
        Assert.Equal(2, server.Malformed);
    }
}
