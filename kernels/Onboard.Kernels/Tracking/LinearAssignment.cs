using System.Numerics;

namespace Onboard.Kernels.Tracking;

/// <summary>
/// Exact minimum-cost linear assignment by Jonker–Volgenant (1987: column reduction, reduction transfer,
/// augmenting row reduction, then shortest augmenting paths), with <c>lap.lapjv</c>'s two options as the
/// trackers use them: rectangular matrices (<c>extend_cost</c>) and a cost limit (<c>cost_limit</c>).
/// <para>
/// Rectangular: the matrix is padded to square with rows or columns of cost 0, which adds the same total to
/// every assignment. Cost limit L: lapjv extends the matrix so that leaving a row or a column unmatched costs
/// L/2 each; that is the same problem as a full assignment on min(c, L) — a pair costing L or more is never
/// better than leaving both unmatched — so the limited problem is solved on the clamped matrix and pairs
/// whose cost exceeds L are reported unmatched. The result is an optimum of lapjv's extended problem. It is also
/// separable: each connected component of the pairs within the limit is solved alone, which makes a tracker's
/// sparse overlaps cheap.
/// </para>
/// All memory is allocated in the constructor (a square double workspace of the capacity); <see cref="Solve"/> allocates nothing.
/// </summary>
public sealed partial class LinearAssignment
{
    private readonly double[] _c;
    private readonly double[] _v;
    private readonly double[] _d;
    private readonly int[] _x;
    private readonly int[] _y;
    private readonly int[] _free;
    private readonly int[] _col;
    private readonly int[] _pred;
    private readonly int[] _minRow;
    private readonly int[] _parent;
    private readonly int[] _start;
    private readonly int[] _members;

    /// <param name="capacity">The largest row or column count <see cref="Solve"/> will be given.</param>
    public LinearAssignment(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _c = new double[(long)capacity * capacity];
        _v = new double[capacity];
        _d = new double[capacity];
        _x = new int[capacity];
        _y = new int[capacity];
        _free = new int[capacity];
        _col = new int[capacity];
        _pred = new int[capacity];
        _minRow = new int[capacity];
        _parent = new int[2 * capacity];
        _start = new int[2 * capacity + 1];
        _members = new int[2 * capacity];
    }

    public int Capacity { get; }

    /// <summary>
    /// Assigns rows to columns of <paramref name="cost"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/>)
    /// at minimum total cost. With a finite <paramref name="costLimit"/> only pairs costing at most the limit are
    /// matched (costs above it, +∞ and NaN mean "never"); without one every row or every column is matched
    /// and costs must be finite. Writes the column of each row and the row of each column (−1: unmatched) and
    /// returns the number of matched pairs.
    /// </summary>
    public int Solve(ReadOnlySpan<double> cost, int rows, int columns, Span<int> rowToColumn, Span<int> columnToRow,
        double costLimit = double.PositiveInfinity)
    {
        int n = Math.Max(rows, columns);
        if ((uint)rows > (uint)Capacity || (uint)columns > (uint)Capacity)
        {
            Postprocess.ThrowHelper.ThrowOutOfRange(nameof(rows), Math.Max(rows, columns), $"above the capacity {Capacity}");
        }
        if (cost.Length < rows * columns || rowToColumn.Length < rows || columnToRow.Length < columns)
        {
            Postprocess.ThrowHelper.ThrowArgument("cost must hold rows × columns values and the outputs one per row and column", nameof(cost));
        }
        if (double.IsNaN(costLimit))
        {
            Postprocess.ThrowHelper.ThrowArgument("the cost limit is NaN", nameof(costLimit));
        }
        rowToColumn[..rows].Fill(-1);
        columnToRow[..columns].Fill(-1);
        if (rows == 0 || columns == 0)
        {
            return 0;
        }
        if (!double.IsPositiveInfinity(costLimit))
        {
            return SolveLimited(cost, rows, columns, rowToColumn, columnToRow, costLimit);
        }
        Load(cost, rows, columns, n);
        SolveSquare(n);
        for (int i = 0; i < rows; i++)
        {
            int j = _x[i];
            if (j < columns)
            {
                rowToColumn[i] = j;
                columnToRow[j] = i;
            }
        }
        return Math.Min(rows, columns);
    }

    /// <summary>
    /// With a cost limit the problem falls apart into the connected components of the pairs within the limit: a row
    /// and a column with no such pair between them (directly or through others) can never both gain from each other,
    /// so each component is solved on its own — exactly — and a tracker's frame, where most tracks overlap one
    /// detection or none, costs little more than reading the matrix.
    /// </summary>
    private int SolveLimited(ReadOnlySpan<double> cost, int rows, int columns, Span<int> rowToColumn, Span<int> columnToRow, double limit)
    {
        // Union-find over rows (0..rows) and columns (rows..rows + columns).
        Span<int> parent = _parent.AsSpan(0, rows + columns);
        for (int k = 0; k < parent.Length; k++)
        {
            parent[k] = k;
        }
        bool any = false;
        int lanes = Vector<double>.Count;
        var limits = new Vector<double>(limit);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = cost.Slice(i * columns, columns);
            int j = 0;
            // Most pairs of a tracker's frame are far apart: skip a vector of them at a time.
            if (Vector.IsHardwareAccelerated)
            {
                for (; j <= columns - lanes; j += lanes)
                {
                    if (Vector.LessThanOrEqualAny(new Vector<double>(row[j..]), limits))
                    {
                        for (int q = j; q < j + lanes; q++)
                        {
                            if (row[q] <= limit)
                            {
                                Union(parent, i, rows + q);
                                any = true;
                            }
                        }
                    }
                }
            }
            for (; j < columns; j++)
            {
                if (row[j] <= limit)
                {
                    Union(parent, i, rows + j);
                    any = true;
                }
            }
        }
        if (!any)
        {
            return 0;
        }
        // Group rows and columns by component root (a counting sort): members of root r are _members[_start[r].._start[r + 1]).
        Span<int> start = _start.AsSpan(0, parent.Length + 1);
        start.Clear();
        for (int k = 0; k < parent.Length; k++)
        {
            start[Find(parent, k) + 1]++;
        }
        for (int k = 0; k < parent.Length; k++)
        {
            start[k + 1] += start[k];
        }
        Span<int> members = _members.AsSpan(0, parent.Length);
        for (int k = 0; k < parent.Length; k++)
        {
            members[start[Find(parent, k)]++] = k;
        }
        // start[r] now ends group r, which begins where group r − 1 ends; rows come first in each group (k runs rows first).
        int matched = 0, begin = 0;
        for (int r = 0; r < parent.Length; r++)
        {
            int end = start[r];
            if (end - begin >= 2)
            {
                matched += SolveComponent(cost, rows, columns, members[begin..end], rowToColumn, columnToRow, limit);
            }
            begin = end;
        }
        return matched;
    }

    /// <summary>One component: its rows (indices below <paramref name="rows"/>) then its columns, solved on the clamped costs.</summary>
    private int SolveComponent(ReadOnlySpan<double> cost, int rows, int columns, ReadOnlySpan<int> group, Span<int> rowToColumn, Span<int> columnToRow, double limit)
    {
        int r = 0;
        while (r < group.Length && group[r] < rows)
        {
            r++;
        }
        int k = group.Length - r;
        if (r == 0 || k == 0)
        {
            return 0;
        }
        if (r == 1 && k == 1)
        {
            // One row, one column, connected: their pair is within the limit.
            rowToColumn[group[0]] = group[1] - rows;
            columnToRow[group[1] - rows] = group[0];
            return 1;
        }
        int n = Math.Max(r, k);
        Span<double> c = _c.AsSpan(0, n * n);
        for (int a = 0; a < r; a++)
        {
            ReadOnlySpan<double> src = cost.Slice(group[a] * columns, columns);
            Span<double> dst = c.Slice(a * n, n);
            for (int b = 0; b < k; b++)
            {
                double v = src[group[r + b] - rows];
                // "Not below the limit" also catches NaN and +∞: such a pair is only ever as good as no pair.
                dst[b] = v < limit ? v : limit;
            }
            dst[k..].Clear();
        }
        c[(r * n)..].Clear();
        SolveSquare(n);
        int matched = 0;
        for (int a = 0; a < r; a++)
        {
            int b = _x[a];
            if (b < k)
            {
                int i = group[a], j = group[r + b] - rows;
                if (cost[i * columns + j] <= limit)
                {
                    rowToColumn[i] = j;
                    columnToRow[j] = i;
                    matched++;
                }
            }
        }
        return matched;
    }

    private static int Find(Span<int> parent, int k)
    {
        while (parent[k] != k)
        {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    private static void Union(Span<int> parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a != b)
        {
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }
    }

    /// <summary>The square n × n working matrix: the costs, zeros in the padding.</summary>
    private void Load(ReadOnlySpan<double> cost, int rows, int columns, int n)
    {
        Span<double> c = _c.AsSpan(0, n * n);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> src = cost.Slice(i * columns, columns);
            Span<double> dst = c.Slice(i * n, n);
            for (int j = 0; j < columns; j++)
            {
                double v = src[j];
                if (!double.IsFinite(v))
                {
                    Postprocess.ThrowHelper.ThrowArgument($"cost[{i}, {j}] is {v}; without a cost limit every cost must be finite", nameof(cost));
                }
                dst[j] = v;
            }
            dst[columns..].Clear();
        }
        c[(rows * n)..].Clear();
    }
}
