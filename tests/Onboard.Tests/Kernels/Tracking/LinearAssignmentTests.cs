using Onboard.Kernels.Tracking;
using Onboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>The JV solver is exact: against brute force on every small shape (with and without a cost limit, with
/// ties and negative costs), against lapjv's literal extended matrix, and against scipy's linear_sum_assignment.</summary>
public sealed class LinearAssignmentTests(ITestOutputHelper output)
{
    [Fact]
    public void Solve_RandomSmallMatrices_IsOptimalAgainstBruteForce()
    {
        var random = new Random(11);
        var solver = new LinearAssignment(7);
        int cases = 0;
        for (int trial = 0; trial < 6000; trial++)
        {
            int rows = random.Next(0, 7), columns = random.Next(0, 7);
            double[] cost = RandomCosts(random, rows * columns, kind: trial % 4);
            double limit = trial % 3 == 0 ? double.PositiveInfinity : trial % 4 == 2 ? random.NextDouble() * 2 - 1 : random.NextDouble();
            var rowToColumn = new int[rows];
            var columnToRow = new int[columns];
            int matched = solver.Solve(cost, rows, columns, rowToColumn, columnToRow, limit);

            double ours = 0;
            int pairs = 0;
            for (int i = 0; i < rows; i++)
            {
                int j = rowToColumn[i];
                if (j < 0)
                {
                    continue;
                }
                Assert.Equal(i, columnToRow[j]);
                double c = cost[i * columns + j];
                Assert.True(c <= limit, $"pair ({i}, {j}) costs {c}, above the limit {limit}");
                ours += double.IsPositiveInfinity(limit) ? c : c - limit;
                pairs++;
            }
            Assert.Equal(pairs, matched);
            Assert.Equal(columnToRow.Count(r => r >= 0), matched);
            if (double.IsPositiveInfinity(limit))
            {
                Assert.Equal(Math.Min(rows, columns), matched);
            }
            Assert.Equal(BruteForce(cost, rows, columns, limit), ours, 9);
            cases++;
        }
        output.WriteLine($"{cases} matrices up to 6 × 6 optimal");
    }

    [Fact]
    public void Solve_WithCostLimit_SolvesLapjvsExtendedMatrix()
    {
        // lap.lapjv(c, extend_cost=True, cost_limit=L): an (n + m)² matrix, c in the top left, L/2 elsewhere,
        // 0 in the bottom right. Its optimum, by brute force over all permutations, equals ours plus the L/2 of
        // every row and column we leave unmatched.
        var random = new Random(5);
        var solver = new LinearAssignment(4);
        for (int trial = 0; trial < 400; trial++)
        {
            int rows = random.Next(1, 4), columns = random.Next(1, 4);
            double[] cost = RandomCosts(random, rows * columns, kind: trial % 4);
            double limit = 0.2 + random.NextDouble() * 0.8;
            var rowToColumn = new int[rows];
            var columnToRow = new int[columns];
            int matched = solver.Solve(cost, rows, columns, rowToColumn, columnToRow, limit);
            double ours = 0;
            for (int i = 0; i < rows; i++)
            {
                if (rowToColumn[i] >= 0)
                {
                    ours += cost[i * columns + rowToColumn[i]];
                }
            }
            ours += (rows - matched + columns - matched) * limit / 2;

            int n = rows + columns;
            var extended = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    extended[i * n + j] = i < rows && j < columns ? cost[i * columns + j] : i >= rows && j >= columns ? 0 : limit / 2;
                }
            }
            Assert.Equal(BruteForce(extended, n, n, double.PositiveInfinity), ours, 9);
        }
    }

    [Fact]
    public void Solve_RandomMatrices_EqualsScipyLinearSumAssignment()
    {
        var random = new Random(2024);
        var matrices = new List<(int Rows, int Columns, double[] Cost)>();
        for (int i = 0; i < 300; i++)
        {
            int rows = 1 + random.Next(60), columns = 1 + random.Next(60);
            matrices.Add((rows, columns, RandomCosts(random, rows * columns, kind: i % 4)));
        }
        matrices.Add((300, 300, RandomCosts(random, 300 * 300, kind: 0)));
        matrices.Add((200, 350, RandomCosts(random, 200 * 350, kind: 1)));

        using var dir = new TempDirectory();
        string input = dir.File("matrices.bin"), result = dir.File("scipy.txt");
        using (var w = new BinaryWriter(File.Create(input)))
        {
            w.Write(matrices.Count);
            foreach (var (rows, columns, cost) in matrices)
            {
                w.Write(rows);
                w.Write(columns);
                foreach (double c in cost)
                {
                    w.Write(c);
                }
            }
        }
        using (var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("lsa_scipy.py"), input, result))
        {
            Assert.True(peer.WaitForExit(TimeSpan.FromMinutes(2)), "the scipy peer did not finish");
            Assert.True(peer.ExitCode == 0, peer.StandardError);
        }
        string[] lines = File.ReadAllLines(result);
        Assert.Equal(matrices.Count, lines.Length);
        var solver = new LinearAssignment(350);
        int sameAssignment = 0;
        for (int m = 0; m < matrices.Count; m++)
        {
            var (rows, columns, cost) = matrices[m];
            var rowToColumn = new int[rows];
            solver.Solve(cost, rows, columns, rowToColumn, new int[columns]);
            double ours = 0;
            for (int i = 0; i < rows; i++)
            {
                if (rowToColumn[i] >= 0)
                {
                    ours += cost[i * columns + rowToColumn[i]];
                }
            }
            string[] parts = lines[m].Split('|');
            double scipy = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(scipy - ours) <= 1e-9 * Math.Max(1, Math.Abs(scipy)), $"matrix {m} ({rows} × {columns}): scipy {scipy:R}, ours {ours:R}");
            int[] scipyRows = Indices(parts[1]), scipyColumns = Indices(parts[2]);
            bool same = true;
            for (int k = 0; k < scipyRows.Length; k++)
            {
                same &= rowToColumn[scipyRows[k]] == scipyColumns[k];
            }
            sameAssignment += same ? 1 : 0;
        }
        // Integer-valued matrices have many optimal assignments; the totals are what must agree.
        output.WriteLine($"{matrices.Count} matrices: equal minimum cost; the very same assignment in {sameAssignment}");
    }

    [Fact]
    public void Solve_LimitAndNonFiniteCosts_NeverMatchesWhatIsAboveTheLimit()
    {
        var solver = new LinearAssignment(3);
        double inf = double.PositiveInfinity;
        double[] cost = [0.1, inf, double.NaN, 0.9, 0.85, 0.95];
        var rowToColumn = new int[2];
        var columnToRow = new int[3];
        Assert.Equal(1, solver.Solve(cost, 2, 3, rowToColumn, columnToRow, 0.8));
        Assert.Equal([0, -1], rowToColumn);
        Assert.Equal([0, -1, -1], columnToRow);
        Assert.Equal(2, solver.Solve(cost, 2, 3, rowToColumn, columnToRow, 0.86));
        Assert.Equal([0, 1], rowToColumn);
        // A pair exactly at the limit is matched: lapjv's tie between one pair and two unmatched halves, kept.
        Assert.Equal(1, solver.Solve([0.85], 1, 1, rowToColumn, columnToRow, 0.85));
        Assert.Throws<ArgumentException>(() => solver.Solve(cost, 2, 3, rowToColumn, columnToRow));
        Assert.Equal(0, solver.Solve([], 0, 3, [], columnToRow));
        Assert.All(columnToRow, r => Assert.Equal(-1, r));
        Assert.Throws<ArgumentOutOfRangeException>(() => solver.Solve(new double[16], 4, 4, new int[4], new int[4]));
    }

    [Fact]
    public void Solve_SteadyState_AllocatesNothing()
    {
        var random = new Random(3);
        double[] cost = RandomCosts(random, 100 * 120, kind: 0);
        var solver = new LinearAssignment(120);
        var rowToColumn = new int[100];
        var columnToRow = new int[120];
        Assert.Equal(0, Allocations.InSteadyState(() => solver.Solve(cost, 100, 120, rowToColumn, columnToRow, 0.5), warmup: 5, calls: 10));
    }

    /// <summary>Kinds: uniform [0, 1); small integers (many ties); uniform [−1, 1); quarter steps (ties and exact limits).</summary>
    internal static double[] RandomCosts(Random random, int count, int kind)
    {
        var cost = new double[count];
        for (int i = 0; i < count; i++)
        {
            cost[i] = kind switch
            {
                0 => random.NextDouble(),
                1 => random.Next(0, 4),
                2 => random.NextDouble() * 2 - 1,
                _ => random.Next(0, 5) * 0.25,
            };
        }
        return cost;
    }

    /// <summary>The optimum by enumeration: without a limit the least total over assignments of min(rows, columns)
    /// pairs; with a limit L the least Σ(c − L) over partial matchings of pairs costing at most L.</summary>
    private static double BruteForce(double[] cost, int rows, int columns, double limit)
    {
        bool limited = !double.IsPositiveInfinity(limit);
        int full = Math.Min(rows, columns);
        double best = rows == 0 || columns == 0 ? 0 : double.PositiveInfinity;
        var used = new bool[columns];
        void Visit(int i, double total, int pairs)
        {
            if (i == rows)
            {
                if ((limited || pairs == full) && total < best)
                {
                    best = total;
                }
                return;
            }
            if (limited || rows - i > full - pairs)
            {
                Visit(i + 1, total, pairs);   // row i unmatched
            }
            for (int j = 0; j < columns; j++)
            {
                double c = cost[i * columns + j];
                if (used[j] || (limited && !(c <= limit)))
                {
                    continue;
                }
                used[j] = true;
                Visit(i + 1, total + (limited ? c - limit : c), pairs + 1);
                used[j] = false;
            }
        }
        Visit(0, 0, 0);
        return best;
    }

    private static int[] Indices(string s) => s.Length == 0 ? [] : [.. s.Split(' ').Select(int.Parse)];
}
