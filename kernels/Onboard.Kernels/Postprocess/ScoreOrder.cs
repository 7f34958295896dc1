namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The total order every output of this folder is in: higher score first, then lower
/// <see cref="Detection.Index"/>, then lower class. Total, so any sort gives the same result run to run.
/// A struct comparer so the sort is specialised and allocation-free.
/// </summary>
internal readonly struct ScoreOrder : IComparer<Detection>
{
    public int Compare(Detection x, Detection y)
    {
        if (x.Score != y.Score)
        {
            return x.Score > y.Score ? -1 : 1;
        }
        if (x.Index != y.Index)
        {
            return x.Index < y.Index ? -1 : 1;
        }
        return x.ClassId.CompareTo(y.ClassId);
    }

    /// <summary>True when <paramref name="x"/> comes strictly before <paramref name="y"/>.</summary>
    public static bool Before(in Detection x, in Detection y) =>
        x.Score > y.Score || (x.Score == y.Score && (x.Index < y.Index || (x.Index == y.Index && x.ClassId < y.ClassId)));
}
