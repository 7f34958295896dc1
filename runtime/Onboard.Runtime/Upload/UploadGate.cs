namespace Onboard.Runtime.Upload;

/// <summary>
/// The connectivity gate (<c>upload.allowed</c>; <c>onboard upload pause|allow</c> at run time, e.g. on a metered link).
/// Pausing cancels the requests in flight; the bytes the server already has stay there and in the spool's state, and
/// uploads resume from the server's offset when allowed again.
/// </summary>
internal sealed class UploadGate
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _paused = new();
    private TaskCompletionSource _allowed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UploadGate(bool allowed = true)
    {
        if (allowed)
        {
            _allowed.SetResult();
        }
        else
        {
            _paused.Cancel();
        }
    }

    public bool IsAllowed
    {
        get
        {
            lock (_lock)
            {
                return _allowed.Task.IsCompleted;
            }
        }
    }

    /// <summary>Raised after the gate opens or closes, with the new state.</summary>
    public event Action<bool>? Changed;

    public void Allow()
    {
        lock (_lock)
        {
            if (_allowed.Task.IsCompleted)
            {
                return;
            }
            _paused.Dispose();
            _paused = new CancellationTokenSource();
            _allowed.SetResult();
        }
        Changed?.Invoke(true);
    }

    public void Pause()
    {
        CancellationTokenSource cancel;
        lock (_lock)
        {
            if (!_allowed.Task.IsCompleted)
            {
                return;
            }
            _allowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cancel = _paused;
        }
        cancel.Cancel();
        Changed?.Invoke(false);
    }

    /// <summary>Cancelled when the gate closes; take it after <see cref="WaitAllowedAsync"/>.</summary>
    internal CancellationToken PausedToken
    {
        get
        {
            lock (_lock)
            {
                return _paused.Token;
            }
        }
    }

    internal Task WaitAllowedAsync(CancellationToken cancellationToken)
    {
        Task allowed;
        lock (_lock)
        {
            allowed = _allowed.Task;
        }
        return allowed.WaitAsync(cancellationToken);
    }
}
