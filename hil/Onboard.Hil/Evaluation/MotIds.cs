namespace Onboard.Hil.Evaluation;

/// <summary>Maps a sequence's arbitrary ids to 0..n−1 (in first-seen order), as TrackEval's data loaders do.</summary>
internal sealed class MotIds
{
    private readonly Dictionary<int, int> _truth = [];
    private readonly Dictionary<int, int> _track = [];

    public MotIds(IReadOnlyList<MotFrame> frames)
    {
        foreach (MotFrame f in frames)
        {
            foreach (int id in f.TruthIds)
            {
                _truth.TryAdd(id, _truth.Count);
            }
            foreach (int id in f.TrackIds)
            {
                _track.TryAdd(id, _track.Count);
            }
        }
    }

    public int TruthCount => _truth.Count;
    public int TrackCount => _track.Count;

    public int Truth(int id) => _truth[id];
    public int Track(int id) => _track[id];

    /// <summary>The largest number of truths or tracks in one frame: the assignment's size.</summary>
    public static int LargestFrame(IReadOnlyList<MotFrame> frames)
    {
        int n = 1;
        foreach (MotFrame f in frames)
        {
            n = Math.Max(n, Math.Max(f.TruthIds.Length, f.TrackIds.Length));
        }
        return n;
    }
}
