using System.Runtime.ExceptionServices;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Persistent worker threads for row-band parallelism. <see cref="Run"/> hands band 0 to the calling thread and
/// bands 1..N−1 to the workers, then waits for them; nothing is allocated per call (no tasks, no closures: the
/// job is an object the caller already owns). One call at a time: the owner is used by one pipeline thread.
/// Synchronisation is a plain monitor on one object (no lazily created event objects, which would allocate
/// the first time a wait actually blocks); the caller spins briefly before blocking, since the bands finish
/// within microseconds of each other.
/// </summary>
internal sealed class BandWorkerPool : IDisposable
{
    private const int SpinIterations = 2000;

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    // Guarded by _gate: a new generation releases the workers; _pending counts those not finished yet.
    private long _generation;
    private int _pending;
    private bool _stopping;
    // Written by the caller before a generation starts, read by workers after they see it (ordered by _gate).
    private IBandJob? _job;
    private ExceptionDispatchInfo? _failure;

    public BandWorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _threads = new Thread[threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int band = i + 1;
            _threads[i] = new Thread(() => Work(band))
            {
                IsBackground = true,
                Name = $"onboard-preprocess-{band}",
            };
            _threads[i].Start();
        }
    }

    public int Threads { get; }

    public void Run(IBandJob job)
    {
        if (_threads.Length == 0)
        {
            job.RunBand(0, 1);
            return;
        }
        lock (_gate)
        {
            _job = job;
            _failure = null;
            _pending = _threads.Length;
            _generation++;
            Monitor.PulseAll(_gate);
        }
        try
        {
            job.RunBand(0, Threads);
        }
        finally
        {
            WaitForWorkers();
        }
        _failure?.Throw();
    }

    private void WaitForWorkers()
    {
        for (int spin = 0; spin < SpinIterations && Volatile.Read(ref _pending) > 0; spin++)
        {
            Thread.SpinWait(20);
        }
        lock (_gate)
        {
            while (_pending > 0)
            {
                Monitor.Wait(_gate);
            }
            _job = null;
        }
    }

    private void Work(int band)
    {
        long seen = 0;
        while (true)
        {
            IBandJob job;
            lock (_gate)
            {
                while (_generation == seen && !_stopping)
                {
                    Monitor.Wait(_gate);
                }
                if (_stopping)
                {
                    return;
                }
                seen = _generation;
                job = _job!;
            }
            ExceptionDispatchInfo? failure = null;
            try
            {
                job.RunBand(band, Threads);
            }
#pragma warning disable CA1031 // A worker must not die: the failure is rethrown on the calling thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                _failure ??= failure;
                if (--_pending == 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var t in _threads)
        {
            t.Join();
        }
    }
}
