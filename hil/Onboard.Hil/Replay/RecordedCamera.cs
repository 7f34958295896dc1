using Onboard.Hil.Recording.Contracts;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Hil.Replay;

/// <summary>Everything a recording holds for one camera, by frame sequence (images in file order, then sorted), and its trigger firings.</summary>
public sealed class RecordedCamera(string id)
{
    public string Id { get; } = id;
    public List<RecordedImage> Images { get; } = [];
    public SortedDictionary<ulong, GroundTruthList> Truth { get; } = [];
    public SortedDictionary<ulong, DetectionList> Detections { get; } = [];
    public SortedDictionary<ulong, TrackList> Tracks { get; } = [];
    public SortedDictionary<ulong, DetectionList> Shadow { get; } = [];
    public List<Health> Health { get; } = [];

    /// <summary>The first image recorded after one with a higher or equal sequence (where file order is not sequence order); null when none.</summary>
    public string? OutOfOrder { get; internal set; }

    /// <summary>The camera's trigger firings from <c>/triggers</c>, in file order (capture time).</summary>
    public List<TriggerEvent> Triggers { get; } = [];
}
