using System.Text.Json;
using System.Text.Json.Nodes;
using Onboard.Runtime.Control;

namespace Onboard.Runtime.Upload;

/// <summary>
/// The uploader's verbs on the control socket: <c>upload.pause</c>, <c>upload.allow</c> (the connectivity gate; each
/// replies <c>allowed</c> and whether it <c>changed</c>) and <c>upload.status</c> (the <see cref="UploadStatus"/> fields
/// under <c>status</c>, camelCase).
/// </summary>
public static class UploadControl
{
    public const string PauseVerb = "upload.pause";
    public const string AllowVerb = "upload.allow";
    public const string StatusVerb = "upload.status";

    internal static void Register(ControlServer server, Uploader uploader)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(uploader);
        server.Register(PauseVerb, _ => SetGate(uploader.Gate, allowed: false));
        server.Register(AllowVerb, _ => SetGate(uploader.Gate, allowed: true));
        server.Register(StatusVerb, _ => new JsonObject { ["status"] = ToJson(uploader.Status()) });
    }

    public static JsonNode ToJson(UploadStatus status) => JsonSerializer.SerializeToNode(status, UploadStatusJsonContext.Default.UploadStatus)!;

    /// <summary>The <c>status</c> of an <c>upload.status</c> reply.</summary>
    public static UploadStatus FromJson(JsonNode? status) =>
        status?.Deserialize(UploadStatusJsonContext.Default.UploadStatus) ?? throw new InvalidDataException("the upload.status reply holds no status");

    private static JsonObject SetGate(UploadGate gate, bool allowed)
    {
        bool was = gate.IsAllowed;
        if (allowed)
        {
            gate.Allow();
        }
        else
        {
            gate.Pause();
        }
        return new JsonObject { ["allowed"] = gate.IsAllowed, ["changed"] = was != gate.IsAllowed };
    }
}
