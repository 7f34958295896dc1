using System.CommandLine;
using System.Text;
using Google.Protobuf;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard echo TOPIC [--endpoint E]</c>: subscribes to a topic prefix and prints every message as one JSON
/// line <c>{"topic": …, "message": {…}}</c> (proto field names), decoding <c>detections/*</c>, <c>shadow/*</c>, <c>tracks/*</c> and <c>health</c>.
/// </summary>
internal static class EchoCommand
{
    private static readonly JsonFormatter s_json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));

    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "Topic prefix: detections/front, detections/, shadow/, tracks/, health, or \"\" for all" };
        var endpoint = new Option<string>("--endpoint") { Description = "Publisher endpoint", DefaultValueFactory = _ => "tcp://127.0.0.1:5556" };
        var serverKey = new Option<string?>("--server-key") { Description = "The publisher's CURVE public key (Z85): connect encrypted" };
        var secretKey = new Option<string?>("--secret-key") { Description = "This subscriber's CURVE secret key (for publishers that admit listed clients); default: a fresh key pair" };
        var count = new Option<int>("--count") { Description = "Exit after this many messages (0: run until interrupted)" };
        var timeout = new Option<double>("--timeout") { Description = "Exit with code 3 after this many seconds without a message (0: wait forever)" };
        var command = new Command("echo", "Print received messages as JSON lines") { topic, endpoint, serverKey, secretKey, count, timeout };
        command.SetAction(parse => Run(parse.GetValue(topic)!, parse.GetValue(endpoint)!, parse.GetValue(serverKey), parse.GetValue(secretKey), parse.GetValue(count), parse.GetValue(timeout)));
        return command;
    }

    private static int Run(string topic, string endpoint, string? serverKey, string? secretKey, int count, double timeoutSeconds)
    {
        using var context = new ZmqContext();
        using var socket = context.CreateSocket(ZmqSocketType.Sub);
        socket.Linger = TimeSpan.Zero;
        socket.ReceiveTimeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : Timeout.InfiniteTimeSpan;
        if (serverKey is not null)
        {
            ZmqCurveKeyPair own = secretKey is null ? ZmqCurve.GenerateKeyPair() : new ZmqCurveKeyPair(ZmqCurve.PublicKeyOf(secretKey), secretKey);
            socket.CurveServerKey = serverKey;
            socket.CurvePublicKey = own.PublicKey;
            socket.CurveSecretKey = own.SecretKey;
        }
        socket.Subscribe(topic);
        socket.Connect(endpoint);
        var message = new ZmqMessage();
        try
        {
            for (int received = 0; count == 0 || received < count; received++)
            {
                if (!socket.TryReceive(ref message, dontWait: false))
                {
                    Console.Error.WriteLine($"echo: nothing received from {endpoint} for {timeoutSeconds} s");
                    return 3;
                }
                string name = Encoding.UTF8.GetString(message.Data);
                string body = message.More && socket.TryReceive(ref message, dontWait: false) ? Decode(name, message.Data) : "null";
                socket.SkipRemainingFrames(ref message);
                Console.WriteLine($"{{\"topic\": {JsonString(name)}, \"message\": {body}}}");
                Console.Out.Flush();
            }
            return 0;
        }
        finally
        {
            message.Dispose();
        }
    }

    private static string Decode(string topic, ReadOnlySpan<byte> payload)
    {
        try
        {
            IMessage? decoded = topic.StartsWith(Topics.DetectionsPrefix, StringComparison.Ordinal)
                || topic.StartsWith(Topics.ShadowPrefix, StringComparison.Ordinal) ? DetectionList.Parser.ParseFrom(payload)
                : topic.StartsWith(Topics.TracksPrefix, StringComparison.Ordinal) ? TrackList.Parser.ParseFrom(payload)
                : topic == Topics.Health ? Health.Parser.ParseFrom(payload)
                : null;
            return decoded is null ? $"{{\"raw_bytes\": {payload.Length}}}" : s_json.Format(decoded);
        }
        catch (InvalidProtocolBufferException e)
        {
            return $"{{\"error\": {JsonString(e.Message)}, \"raw_bytes\": {payload.Length}}}";
        }
    }

    private static string JsonString(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
