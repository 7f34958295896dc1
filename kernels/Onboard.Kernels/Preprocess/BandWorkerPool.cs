using System.Runtime.ExceptionServices;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Persistent worker threads for row-band parallelism. <see cref="Run"/> hands band 0 to the calling thread and
/// bands 1..N−1 to the workers, then waits for them; nothing is allocated per call (no tasks, no closures: the
/// job is an object the caller already owns). One call at a time: the owner is used by one pipeline thread.
/// </summary>
internal sealed class BandWorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done = new(1);
    // Written by the caller before the workers are released and read by them after; the semaphore
    // release/wait pair orders those accesses.
    private IBandJob? _job;
    private int _bandCount;
    private volatile bool _stopping;
    private ExceptionDispatchInfo? _failure;

    public BandWorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _threads = new Thread[threads - 1];
        _start = new SemaphoreSlim[threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _start[i] = new SemaphoreSlim(0);
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
        _job = job;
        _bandCount = Threads;
        _failure = null;
        _done.Reset(_threads.Length);
        for (int i = 0; i < _start.Length; i++)
        {
            _start[i].Release();
        }
        try
        {
            job.RunBand(0, Threads);
        }
        finally
        {
            _done.Wait();
            _job = null;
        }
        _failure?.Throw();
    }

    private void Work(int band)
    {
        SemaphoreSlim start = _start[band - 1];
        while (true)
        {
            start.Wait();
            if (_stopping)
            {
                return;
            }
            try
            {
                _job!.RunBand(band, _bandCount);
            }
#pragma warning disable CA1031 // A worker must not die: the failure is rethrown on the calling thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _done.Signal();
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var s in _start)
        {
            s.Release();
        }
        foreach (var t in _threads)
        {
            t.Join();
        }
        foreach (var s in _start)
        {
            s.Dispose();
        }
        _done.Dispose();
    }
}
