namespace Onboard.Runtime.Clips;

/// <summary>The channel names of clips and recordings (issue contract: keep them exactly).</summary>
public static class ClipTopics
{
    public const string Image = "image";
    public const string Annotations = "annotations";
    public const string Detections = "detections";
    public const string Tracks = "tracks";
    public const string Shadow = "shadow";
    public const string GroundTruth = "ground_truth";

    /// <summary>Every trigger firing of the clip, all cameras.</summary>
    public const string Triggers = "/triggers";

    /// <summary>The Metadata record that says where the clip comes from (<see cref="ClipLineage"/>).</summary>
    public const string LineageRecord = "lineage";

    /// <summary><c>/&lt;camera&gt;/&lt;kind&gt;</c>.</summary>
    public static string Topic(string camera, string kind) => "/" + camera + "/" + kind;
}
