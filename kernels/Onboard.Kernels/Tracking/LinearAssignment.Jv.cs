using System.Numerics;
using System.Runtime.CompilerServices;

namespace Onboard.Kernels.Tracking;

/// <summary>The Jonker–Volgenant phases on the square working matrix <c>_c</c> (n × n).</summary>
public sealed partial class LinearAssignment
{
    private void SolveSquare(int n)
    {
        int free = ColumnReduction(n);
        for (int pass = 0; pass < 2 && free > 0; pass++)
        {
            free = AugmentingRowReduction(n, free);
        }
        for (int f = 0; f < free; f++)
        {
            Augment(n, _free[f]);
        }
    }

    /// <summary>Column reduction and reduction transfer; returns the number of free rows (listed in <c>_free</c>).</summary>
    private int ColumnReduction(int n)
    {
        Span<double> c = _c.AsSpan(0, n * n);
        Span<double> v = _v.AsSpan(0, n);
        Span<int> x = _x.AsSpan(0, n);
        Span<int> y = _y.AsSpan(0, n);
        Span<int> minRow = _minRow.AsSpan(0, n);
        // Each column's minimum and its first row, found row by row so the matrix is read in memory order.
        c[..n].CopyTo(v);
        minRow.Clear();
        for (int i = 1; i < n; i++)
        {
            ReadOnlySpan<double> row = c.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                if (row[j] < v[j])
                {
                    v[j] = row[j];
                    minRow[j] = i;
                }
            }
        }
        // x[i]: -1 unassigned; j assigned once; ~j (below -1) assigned, but the minimum of more columns too. A row first
        // assigned column 0 is never hit again (columns go from n - 1 down to 0), so ~j never collides with -1.
        x.Fill(-1);
        for (int j = n - 1; j >= 0; j--)
        {
            int i = minRow[j];
            if (x[i] == -1)
            {
                x[i] = j;
                y[j] = i;
            }
            else
            {
                if (x[i] >= 0)
                {
                    x[i] = ~x[i];
                }
                y[j] = -1;
            }
        }
        int free = 0;
        for (int i = 0; i < n; i++)
        {
            if (x[i] == -1)
            {
                _free[free++] = i;
            }
            else if (x[i] < -1)
            {
                x[i] = ~x[i];
            }
            else
            {
                // Reduction transfer: lower the price of i's only column by its margin over the next best.
                int j1 = x[i];
                ReadOnlySpan<double> row = c.Slice(i * n, n);
                double min = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                {
                    if (j != j1)
                    {
                        double h = row[j] - v[j];
                        if (h < min)
                        {
                            min = h;
                        }
                    }
                }
                if (double.IsFinite(min))
                {
                    v[j1] -= min;
                }
            }
        }
        return free;
    }

    /// <summary>
    /// One pass of augmenting row reduction over the free rows: each takes the column of its smallest reduced cost,
    /// lowering that column's price to its second smallest, and displaces its owner. Every assigned row keeps a
    /// column of minimum reduced cost, which the shortest-path phase relies on. A bound on the steps stops
    /// ping-pong between near-equal prices (floating point can make each step's price change tiny); rows left
    /// over are simply free for the exact phase.
    /// </summary>
    private int AugmentingRowReduction(int n, int free)
    {
        Span<double> c = _c.AsSpan(0, n * n);
        Span<double> v = _v.AsSpan(0, n);
        Span<int> x = _x.AsSpan(0, n);
        Span<int> y = _y.AsSpan(0, n);
        Span<int> list = _free.AsSpan(0, n);
        long budget = (long)n * free;
        int k = 0, f0 = free, next = 0;
        while (k < f0)
        {
            int i = list[k++];
            TwoSmallest(c.Slice(i * n, n), v, out double u1, out int j1, out double u2, out int j2);
            int i0 = y[j1];
            double lowered = v[j1] - (u2 - u1);
            // A price that does not actually drop (a tie, or a difference below the price's precision) is a tie.
            bool lowers = lowered < v[j1];
            if (--budget < 0)
            {
                // Out of steps: i takes its best column as it is, the row it displaces waits for the exact phase.
                if (i0 >= 0)
                {
                    list[next++] = i0;
                }
            }
            else
            {
                if (lowers)
                {
                    v[j1] = lowered;
                }
                else if (i0 >= 0 && j2 >= 0)
                {
                    // Equal best columns: take the other one if the best is owned, so no one is displaced twice.
                    j1 = j2;
                    i0 = y[j1];
                }
                if (i0 >= 0)
                {
                    if (lowers)
                    {
                        list[--k] = i0;
                    }
                    else
                    {
                        list[next++] = i0;
                    }
                }
            }
            x[i] = j1;
            y[j1] = i;
        }
        return next;
    }

    /// <summary>
    /// The smallest and second smallest reduced cost <c>row[j] − v[j]</c> and their columns, ties to the lower
    /// column: the lexicographic top two of (cost, column). Lanes of a vector each keep their own top two (in
    /// column order, so strict comparisons keep the lower column), merged lexicographically at the end, so the
    /// answer does not depend on the vector width.
    /// </summary>
    internal static void TwoSmallest(ReadOnlySpan<double> row, ReadOnlySpan<double> v, out double u1, out int j1, out double u2, out int j2)
    {
        int n = row.Length;
        u1 = u2 = double.PositiveInfinity;
        j1 = j2 = -1;
        int j = 0;
        int lanes = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && n >= 2 * lanes)
        {
            var m1 = new Vector<double>(double.PositiveInfinity);
            var m2 = m1;
            var i1 = new Vector<double>(-1);
            var i2 = i1;
            Vector<double> index = Vector<double>.Indices;
            var step = new Vector<double>(lanes);
            for (; j <= n - lanes; j += lanes)
            {
                Vector<double> h = new Vector<double>(row[j..]) - new Vector<double>(v[j..]);
                Vector<long> lt1 = Vector.LessThan(h, m1);
                Vector<long> lt2 = Vector.LessThan(h, m2);
                m2 = Vector.ConditionalSelect(lt1, m1, Vector.ConditionalSelect(lt2, h, m2));
                i2 = Vector.ConditionalSelect(lt1, i1, Vector.ConditionalSelect(lt2, index, i2));
                m1 = Vector.ConditionalSelect(lt1, h, m1);
                i1 = Vector.ConditionalSelect(lt1, index, i1);
                index += step;
            }
            for (int lane = 0; lane < lanes; lane++)
            {
                Consider(m1[lane], (int)i1[lane], ref u1, ref j1, ref u2, ref j2);
                Consider(m2[lane], (int)i2[lane], ref u1, ref j1, ref u2, ref j2);
            }
        }
        for (; j < n; j++)
        {
            Consider(row[j] - v[j], j, ref u1, ref j1, ref u2, ref j2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(double h, int j, ref double u1, ref int j1, ref double u2, ref int j2)
    {
        if (j < 0)
        {
            return;
        }
        if (h < u1 || (h == u1 && j < j1))
        {
            u2 = u1;
            j2 = j1;
            u1 = h;
            j1 = j;
        }
        else if (h < u2 || (h == u2 && (j < j2 || j2 < 0)))
        {
            u2 = h;
            j2 = j;
        }
    }

    /// <summary>Dijkstra-like shortest augmenting path from free row <paramref name="start"/> in reduced costs, then augmentation and price update.</summary>
    private void Augment(int n, int start)
    {
        Span<double> c = _c.AsSpan(0, n * n);
        Span<double> v = _v.AsSpan(0, n);
        Span<double> d = _d.AsSpan(0, n);
        Span<int> x = _x.AsSpan(0, n);
        Span<int> y = _y.AsSpan(0, n);
        Span<int> col = _col.AsSpan(0, n);
        Span<int> pred = _pred.AsSpan(0, n);
        ReadOnlySpan<double> first = c.Slice(start * n, n);
        for (int j = 0; j < n; j++)
        {
            d[j] = first[j] - v[j];
            pred[j] = start;
            col[j] = j;
        }
        // col[0..low): scanned ("ready"); col[low..up): at the current minimum, to scan; col[up..n): the rest.
        int low = 0, up = 0, last = 0, end = -1;
        double min = 0;
        while (end < 0)
        {
            if (up == low)
            {
                last = low;
                min = d[col[up++]];
                for (int k = up; k < n; k++)
                {
                    int j = col[k];
                    double h = d[j];
                    if (h <= min)
                    {
                        if (h < min)
                        {
                            up = low;
                            min = h;
                        }
                        col[k] = col[up];
                        col[up++] = j;
                    }
                }
                for (int k = low; k < up; k++)
                {
                    if (y[col[k]] < 0)
                    {
                        end = col[k];
                        break;
                    }
                }
                if (end >= 0)
                {
                    break;
                }
            }
            int j1 = col[low++];
            int i = y[j1];
            ReadOnlySpan<double> row = c.Slice(i * n, n);
            double u1 = row[j1] - v[j1] - min;
            for (int k = up; k < n; k++)
            {
                int j = col[k];
                double h = row[j] - v[j] - u1;
                if (h < d[j])
                {
                    d[j] = h;
                    pred[j] = i;
                    if (h == min)
                    {
                        if (y[j] < 0)
                        {
                            end = j;
                            break;
                        }
                        col[k] = col[up];
                        col[up++] = j;
                    }
                }
            }
        }
        // Scanned columns' prices move by how much closer than the path's length they were.
        for (int k = 0; k < last; k++)
        {
            int j0 = col[k];
            v[j0] += d[j0] - min;
        }
        while (true)
        {
            int i = pred[end];
            y[end] = i;
            int k = end;
            end = x[i];
            x[i] = k;
            if (i == start)
            {
                break;
            }
        }
    }
}
