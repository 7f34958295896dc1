using System.Text.Json;
using Google.Protobuf;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Triggers;

/// <summary>
/// <c>TriggerEvent</c> on the wire from the real <c>onboard run</c>, decoded by the independent pyzmq + Python protobuf
/// subscriber on <c>triggers/front</c>: an admitted manual firing (every field checked), the same rule suppressed by
/// its cooldown, a periodic rule suppressed by its budget; each event the clip lists is the one the wire carried.
/// </summary>
public sealed class TriggerEventWireTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private const long Second = 1_000_000_000;

    [Fact]
    public void Run_FiringsOnTriggersTopic_PythonSubscriberDecodesEveryFieldAndTheClipListsTheSameEvents()
    {
        using var dir = new TempDirectory();
        using var run = new TriggerRun(dir.Path, """
            [ { "id": "driver", "kind": "manual", "preSeconds": 1, "postSeconds": 8, "cooldownSeconds": 600, "priority": 6 },
              { "id": "sample", "kind": "periodic", "everySeconds": 0.5, "cooldownSeconds": 0, "maxPerHour": 1, "preSeconds": 0.5, "postSeconds": 0.5, "priority": 2 } ]
            """);
        using var peer = new PythonSubscriber(run.PublishEndpoint, "triggers/front", int.MaxValue, "--also", "health");
        var wire = new List<JsonElement>();
        // Every firing heard on the way is kept, to compare with the clip's.
        bool Keep(JsonElement received)
        {
            if (received.GetProperty("topic").GetString() == "triggers/front")
            {
                wire.Add(received.GetProperty("message"));
            }
            return true;
        }
        JsonElement Next(string what, Func<JsonElement, bool> match) =>
            peer.Next(what, r => Keep(r) && match(r.GetProperty("message")), s_wait).GetProperty("message");

        // A Health report heard: the subscription is live (PUB drops what it sends before one), so no firing from
        // here on is missed. It also says which model the camera runs, which every firing's header names.
        JsonElement health = Next("Health", m => m.TryGetProperty("camera_id", out JsonElement c) && c.GetString() == "front");
        long monoBefore = MonotonicClock.System.NowNs, utcBefore = MonotonicClock.System.UtcNowNs;
        Trigger(run, "pothole");
        JsonElement admitted = Next("manual firing", m => Is(m, "driver"));
        long monoAfter = MonotonicClock.System.NowNs, utcAfter = MonotonicClock.System.UtcNowNs;
        Trigger(run, "again");
        JsonElement cooled = Next("second manual firing", m => Is(m, "driver") && m.GetProperty("note").GetString() == "again");
        JsonElement budget = Next("budget-suppressed periodic firing", m => Is(m, "sample") && m.GetProperty("suppressed").GetString() == "TRIGGER_SUPPRESSION_BUDGET");

        // The admitted firing, field by field; the run's header fields too.
        var e = new CheckedFields(admitted);
        Assert.Equal(("driver", "manual", 6.0), (e.String("trigger_id"), e.String("kind"), e.Double("priority")));
        JsonElement value = Assert.Single(e.Array("values"));
        Assert.Equal(("requested", 1.0), (value.GetProperty("name").GetString(), value.GetProperty("value").GetDouble()));
        string clipId = e.String("clip_id")!;
        Assert.StartsWith("front-", clipId, StringComparison.Ordinal);
        Assert.Equal(("TRIGGER_SUPPRESSION_NONE", ""), (e.String("suppressed"), e.String("suppressed_reason")));
        Assert.Equal("pothole", e.String("note"));
        Assert.Equal(0, e.Int64("track_id"));
        var h = new CheckedFields(e.Object("header"));
        Assert.Equal("front", h.String("camera_id"));
        long sequence = h.Int64("sequence");   // (the sim camera counts from 0: the request may meet its first frame)
        // It fires on the camera's next frame after the request: captured at most a frame period (plus the frame's
        // time in the pipeline) before the request, and before the event arrived.
        Assert.InRange(h.Int64("capture_mono_ns"), monoBefore - Second, monoAfter);
        Assert.InRange(h.Int64("capture_utc_ns"), utcBefore - Second, utcAfter);
        Assert.Equal(health.GetProperty("model_id").GetString(), h.String("model_id"));
        Assert.Equal("synthetic-signs", h.String("model_id"));
        Assert.Equal(health.GetProperty("model_version").GetString(), h.String("model_version"));
        Assert.Empty(h.Array("stages"));
        Assert.Equal(0, h.Int64("deadline_mono_ns"));
        Assert.False(h.Bool("late"));
        Assert.Equal(Names(TriggerEvent.Descriptor.Fields.InFieldNumberOrder()), e.Checked.Order(StringComparer.Ordinal));
        Assert.Equal(Names(FrameHeader.Descriptor.Fields.InFieldNumberOrder()), h.Checked.Order(StringComparer.Ordinal));

        // The same rule again inside its cooldown: published, no clip, and why.
        Assert.Equal("TRIGGER_SUPPRESSION_COOLDOWN", cooled.GetProperty("suppressed").GetString());
        Assert.Equal("", cooled.GetProperty("clip_id").GetString());
        Assert.Matches(@"^cooldown: [0-9.]+ s of 600 s since the rule's last clip$", cooled.GetProperty("suppressed_reason").GetString());
        Assert.True(Sequence(cooled) > sequence);
        // The periodic rule past its maxPerHour: its measured value is its period.
        Assert.Equal("budget: maxPerHour 1 spent", budget.GetProperty("suppressed_reason").GetString());
        Assert.Equal(("periodic", 2), (budget.GetProperty("kind").GetString(), budget.GetProperty("priority").GetInt32()));
        JsonElement every = Assert.Single(budget.GetProperty("values").EnumerateArray());
        Assert.Equal(("every_seconds", 0.5), (every.GetProperty("name").GetString(), every.GetProperty("value").GetDouble()));

        // The clip holds the admitted firing and those in its window (8 s: the second `onboard trigger` starts a whole
        // process, seconds on a loaded machine); each is, field for field, what the wire carried.
        string clip = run.WaitForClip(clipId);
        Assert.True(run.Stop() == 0, run.StandardError);
        while (peer.Read(TimeSpan.FromSeconds(2)) is { } rest)
        {
            Keep(rest);   // what the run published up to its stop
        }
        TriggerEvent[] published = [.. wire.Select(m => JsonParser.Default.Parse<TriggerEvent>(m.GetRawText()))];
        List<TriggerEvent> listed = RunTriggerTests.Triggers(clip);
        Assert.Contains(published.Single(p => p.TriggerId == "driver" && p.ClipId == clipId), listed);
        Assert.Contains(published.Single(p => p.Note == "again"), listed);
        // (Firings before the subscription was live may be in the clip too, when its window began that early.)
        ulong firstHeard = published.Min(p => p.Header.Sequence);
        Assert.All(listed.Where(l => l.Header.Sequence >= firstHeard), l => Assert.Contains(l, published));
    }

    private static void Trigger(TriggerRun run, string note)
    {
        var (code, output, error) = OnboardCli.Run("trigger", "--camera", "front", "--note", note, "--control", run.ControlEndpoint);
        Assert.True(code == 0, error);
        Assert.Equal("trigger accepted camera=front", output);
    }

    private static bool Is(JsonElement message, string triggerId) =>
        message.TryGetProperty("trigger_id", out JsonElement id) && id.GetString() == triggerId;

    private static long Sequence(JsonElement message) =>
        long.Parse(message.GetProperty("header").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Names(IEnumerable<Google.Protobuf.Reflection.FieldDescriptor> fields) =>
        fields.Select(f => f.Name).Order(StringComparer.Ordinal);
}
