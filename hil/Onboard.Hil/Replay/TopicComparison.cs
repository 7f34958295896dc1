namespace Onboard.Hil.Replay;

/// <summary>One topic's tally in a comparison.</summary>
public sealed class TopicComparison
{
    public int Compared { get; set; }
    public int Missing { get; set; }
    public int Extra { get; set; }
    public int Differing { get; set; }
}
