using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Onboard.Kernels.Tracking;

namespace Onboard.Bench.Tracking;

/// <summary>
/// Our Jonker–Volgenant solver on N × N matrices of uniform random costs (seeded), and, in the same run, scipy's
/// linear_sum_assignment on the very same matrices (written to a file, timed inside Python, in the "scipy median" and
/// "vs scipy" columns; the setup checks both find the same minimum cost). Baseline: the same solve with a cost limit
/// of 0.5, lapjv's <c>cost_limit</c> as the tracker uses it. Run: <c>make bench ARGS="--filter *LinearAssignment*"</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class LinearAssignmentBenchmark
{
    private static readonly int[] s_sizes = [10, 100, 1000];

    private double[] _cost = [];
    private int[] _rowToColumn = [];
    private int[] _columnToRow = [];
    private LinearAssignment _solver = null!;

    [Params(10, 100, 1000)]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(Onboard))]
    public void SetupWithPeer()
    {
        Setup();
        if (N == s_sizes[0])
        {
            // Once per run: scipy on every size, against our minimum costs.
            var matrices = s_sizes.Select(n => (n, Matrix(n))).ToList();
            var ours = matrices.Select(m => MinimumCost(m.Item2, m.n)).ToList();
            ScipyPeer.Run(matrices, ours);
        }
    }

    [GlobalSetup(Target = nameof(WithCostLimit))]
    public void Setup()
    {
        _cost = Matrix(N);
        _rowToColumn = new int[N];
        _columnToRow = new int[N];
        _solver = new LinearAssignment(N);
    }

    [Benchmark(Baseline = true)]
    public int WithCostLimit() => _solver.Solve(_cost, N, N, _rowToColumn, _columnToRow, 0.5);

    [Benchmark]
    public int Onboard() => _solver.Solve(_cost, N, N, _rowToColumn, _columnToRow);

    private static double[] Matrix(int n)
    {
        var random = new Random(1000 + n);
        var cost = new double[n * n];
        for (int i = 0; i < cost.Length; i++)
        {
            cost[i] = random.NextDouble();
        }
        return cost;
    }

    private static double MinimumCost(double[] cost, int n)
    {
        var rowToColumn = new int[n];
        new LinearAssignment(n).Solve(cost, n, n, rowToColumn, new int[n]);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += cost[i * n + rowToColumn[i]];
        }
        return total;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new ScipyPeerColumn(speedUp: false), new ScipyPeerColumn(speedUp: true));
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
        }
    }
}
