using Onboard.Kernels.Geometry;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// One evaluated frame for the MOT metrics, in TrackEval's form: the ground-truth ids and tracker ids present, and
/// their similarity (truth-major, rows = truths), in [0, 1]. <see cref="FromBoxes"/> builds it from boxes with IoU,
/// 0 between different classes (a track of the wrong class matches nothing).
/// </summary>
public sealed class MotFrame(int[] truthIds, int[] trackIds, double[] similarity)
{
    public int[] TruthIds { get; } = truthIds;
    public int[] TrackIds { get; } = trackIds;
    public double[] Similarity { get; } = similarity.Length == truthIds.Length * trackIds.Length
        ? similarity
        : throw new ArgumentException($"{truthIds.Length} truths × {trackIds.Length} tracks need {truthIds.Length * trackIds.Length} similarities, got {similarity.Length}", nameof(similarity));

    public double At(int truth, int track) => Similarity[truth * TrackIds.Length + track];

    public static MotFrame FromBoxes(IReadOnlyList<(int Id, int ClassId, BoxF Box)> truths, IReadOnlyList<(int Id, int ClassId, BoxF Box)> tracks)
    {
        ArgumentNullException.ThrowIfNull(truths);
        ArgumentNullException.ThrowIfNull(tracks);
        var similarity = new double[truths.Count * tracks.Count];
        for (int g = 0; g < truths.Count; g++)
        {
            for (int t = 0; t < tracks.Count; t++)
            {
                similarity[g * tracks.Count + t] = truths[g].ClassId == tracks[t].ClassId ? IoU(truths[g].Box, tracks[t].Box) : 0;
            }
        }
        return new MotFrame([.. truths.Select(x => x.Id)], [.. tracks.Select(x => x.Id)], similarity);
    }

    /// <summary>Box IoU in double precision (TrackEval computes in float64).</summary>
    public static double IoU(in BoxF a, in BoxF b)
    {
        double iw = Math.Min((double)a.X2, b.X2) - Math.Max((double)a.X1, b.X1);
        double ih = Math.Min((double)a.Y2, b.Y2) - Math.Max((double)a.Y1, b.Y1);
        if (iw <= 0 || ih <= 0)
        {
            return 0;
        }
        double inter = iw * ih;
        double areaA = ((double)a.X2 - a.X1) * ((double)a.Y2 - a.Y1), areaB = ((double)b.X2 - b.X1) * ((double)b.Y2 - b.Y1);
        return inter / (areaA + areaB - inter);
    }
}
