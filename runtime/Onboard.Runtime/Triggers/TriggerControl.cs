using System.Text.Json.Nodes;
using Onboard.Runtime.Control;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// The <c>trigger</c> verb on the control socket: <c>{"verb": "trigger", "camera": "front", "note": "…"}</c> asks the
/// camera's <c>manual</c> rule to fire on its next frame. The reply says <c>accepted</c>, or the request is refused
/// with why (no such camera, no manual rule on it, one already waiting).
/// </summary>
public static class TriggerControl
{
    public const string Verb = "trigger";

    internal static void Register(ControlServer server, IReadOnlyList<CameraTriggers> cameras)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(cameras);
        server.Register(Verb, request => Handle(request, cameras));
    }

    private static JsonObject Handle(ControlRequest request, IReadOnlyList<CameraTriggers> cameras)
    {
        string camera = request.RequiredString("camera");
        string note = request.String("note") ?? "";
        foreach (CameraTriggers c in cameras)
        {
            if (c.CameraId == camera)
            {
                return c.RequestManual(note) is { } refused
                    ? throw new ControlException(refused)
                    : new JsonObject { ["accepted"] = true, ["camera"] = camera };
            }
        }
        throw new ControlException($"no camera \"{camera}\" with triggers in this run (cameras: {string.Join(", ", cameras.Select(c => c.CameraId))})");
    }
}
