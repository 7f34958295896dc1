namespace Onboard.Hil.Replay;

/// <summary>
/// What <see cref="RecordingComparer"/> found: every difference in file order, and per topic the frames compared,
/// missing from the new recording, extra in it, and differing.
/// </summary>
public sealed class ComparisonResult
{
    public List<RecordingDifference> Differences { get; } = [];

    public SortedDictionary<string, TopicComparison> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Model lineage differences (a warning: the comparison goes on).</summary>
    public List<string> LineageWarnings { get; } = [];

    public bool Equal => Differences.Count == 0;

    public TopicComparison Topic(string topic)
    {
        if (!Topics.TryGetValue(topic, out TopicComparison? t))
        {
            Topics[topic] = t = new TopicComparison();
        }
        return t;
    }
}
