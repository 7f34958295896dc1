namespace Onboard.Runtime.Messaging;

/// <summary>
/// The ZeroMQ topics of the wire contract (DESIGN §5): each message is <c>[topic][protobuf payload]</c>. Subscribers
/// match by prefix, so a subscription to <see cref="DetectionsPrefix"/> never receives <see cref="ShadowPrefix"/> messages.
/// </summary>
public static class Topics
{
    /// <summary><c>detections/&lt;camera&gt;</c>: the camera's <c>DetectionList</c>.</summary>
    public const string DetectionsPrefix = "detections/";

    /// <summary><c>shadow/&lt;camera&gt;</c>: the camera's shadow model's <c>DetectionList</c>.</summary>
    public const string ShadowPrefix = "shadow/";

    /// <summary><c>tracks/&lt;camera&gt;</c>: the camera's confirmed tracks and their predicted paths, a <c>TrackList</c> per frame.</summary>
    public const string TracksPrefix = "tracks/";

    /// <summary><c>triggers/&lt;camera&gt;</c>: a <c>TriggerEvent</c> per trigger firing on the camera.</summary>
    public const string TriggersPrefix = "triggers/";

    /// <summary><c>health</c>: one <c>Health</c> per camera per interval.</summary>
    public const string Health = "health";

    public static string Detections(string cameraId) => DetectionsPrefix + cameraId;

    public static string Shadow(string cameraId) => ShadowPrefix + cameraId;

    public static string Tracks(string cameraId) => TracksPrefix + cameraId;

    public static string Triggers(string cameraId) => TriggersPrefix + cameraId;
}
