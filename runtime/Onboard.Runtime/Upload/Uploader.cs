using System.Net;
using Onboard.Runtime.Upload.Spool;
using Onboard.Runtime.Upload.Transfer;
using Onboard.Runtime.Upload.Tus;
using Polly;
using Polly.Retry;

namespace Onboard.Runtime.Upload;

/// <summary>
/// Drains an <see cref="UploadSpool"/> to a tus 1.0 server: <see cref="UploadOptions.Concurrency"/> workers take clips
/// in queue order, each clip's attempts run through a Polly retry pipeline (full-jitter exponential backoff, forever:
/// a clip is never given up, only refused when the server says it is too large), behind the connectivity gate and the
/// shared bandwidth cap. Time and randomness are injected. Wire it as: open the spool, <c>new Uploader(spool, options)</c>,
/// <see cref="RunAsync"/> on a background task, <see cref="Notify"/> after each admitted clip, <see cref="Gate"/> for
/// pause/allow, <see cref="Status"/> for Health.
/// </summary>
public sealed class Uploader : IDisposable
{
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(500);
    private readonly UploadSpool _spool;
    private readonly UploadOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly TusClient _client;
    private readonly ClipUpload _upload;
    private readonly BandwidthMeter _meter;
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _work = new(0);
    private readonly Action<string>? _log;
    private TusCapabilities? _capabilities;

    public Uploader(UploadSpool spool, UploadOptions options, TimeProvider? time = null, Random? random = null,
        HttpMessageHandler? handler = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(spool);
        ArgumentNullException.ThrowIfNull(options);
        _spool = spool;
        _options = options;
        _time = time ?? TimeProvider.System;
        _log = log;
        Gate = new UploadGate(options.Allowed);
        _http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client = new TusClient(_http, options.Endpoint, _time, options.RequestTimeout);
        _meter = new BandwidthMeter(_time);
        TokenBucket? bucket = options.MaxBytesPerSecond > 0 ? new TokenBucket(options.MaxBytesPerSecond, _time) : null;
        _upload = new ClipUpload(spool, _client, options, bucket, _meter, _time, log);
        _pipeline = BuildPipeline(new FullJitterBackoff(options.RetryInitial, options.RetryMax, random ?? new Random()));
    }

    internal UploadGate Gate { get; }

    public UploadSpool Spool => _spool;

    /// <summary>A new clip was admitted: wake an idle worker.</summary>
    public void Notify() => _work.Release();

    public UploadStatus Status()
    {
        (IReadOnlyList<SpoolEntry> entries, SpoolCounters counters, int uploading) = _spool.Snapshot();
        return UploadStatus.Of(entries, counters, uploading, _meter.BytesPerSecond, Gate.IsAllowed);
    }

    /// <summary>Uploads until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunWorkersAsync(untilEmpty: false, cancellationToken);

    /// <summary>Uploads until the spool holds nothing left to send (refused clips stay; evicted ones' terminations done).</summary>
    public Task RunUntilEmptyAsync(CancellationToken cancellationToken) => RunWorkersAsync(untilEmpty: true, cancellationToken);

    public static SocketsHttpHandler CreateHandler(UploadOptions options) => new()
    {
        ConnectTimeout = options.RequestTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseProxy = false,
        MaxConnectionsPerServer = Math.Max(1, options.Concurrency) + 1,
    };

    private async Task RunWorkersAsync(bool untilEmpty, CancellationToken cancellationToken)
    {
        var workers = new Task[Math.Max(1, _options.Concurrency)];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(untilEmpty, cancellationToken), cancellationToken);
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync(bool untilEmpty, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Gate.WaitAllowedAsync(cancellationToken).ConfigureAwait(false);
            if (_spool.TryLeaseTermination() is { } evicted)
            {
                await TerminateAsync(evicted, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (_spool.TryLeaseNext() is not { } entry)
            {
                if (untilEmpty && !_spool.HasWork())
                {
                    _work.Release();   // let the other idle workers see it too
                    return;
                }
                await _work.WaitAsync(s_idlePoll, cancellationToken).ConfigureAwait(false);
                continue;
            }
            try
            {
                await UploadAsync(entry.ClipId, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _spool.Release(entry.ClipId);
            }
        }
    }

    private async Task UploadAsync(string clipId, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Gate.PausedToken);
        try
        {
            await _pipeline.ExecuteAsync(async token =>
            {
                TusCapabilities capabilities = _capabilities ??= await DiscoverAsync(token).ConfigureAwait(false);
                try
                {
                    await _upload.RunAsync(clipId, capabilities, token).ConfigureAwait(false);
                }
                catch (TransientUploadException)
                {
                    _capabilities = null;   // the server may have restarted with other settings: ask again
                    throw;
                }
            }, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Paused: what the server has is in the spool's state; the clip resumes from the server's offset on allow.
        }
    }

    private async Task<TusCapabilities> DiscoverAsync(CancellationToken cancellationToken)
    {
        TusCapabilities c;
        try
        {
            c = await _client.OptionsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TusStatusException x)
        {
            throw new TransientUploadException(x.Status >= 500 ? "server-5xx" : "protocol", x.Message, x);
        }
        if (!c.Versions.Contains(TusClient.ProtocolVersion))
        {
            throw new TransientUploadException("protocol", $"the server at {_options.Endpoint} speaks tus {string.Join(",", c.Versions)}, not {TusClient.ProtocolVersion}");
        }
        _log?.Invoke($"upload: tus server {_options.Endpoint}: extensions {string.Join(",", c.Extensions)}, max size {c.MaxSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        return c;
    }

    private async Task TerminateAsync(SpoolEntry evicted, CancellationToken cancellationToken)
    {
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Gate.PausedToken);
            await _pipeline.ExecuteAsync(async token =>
            {
                TusCapabilities capabilities = _capabilities ??= await DiscoverAsync(token).ConfigureAwait(false);
                if (capabilities.Supports("termination"))
                {
                    try
                    {
                        await _client.TerminateAsync(new Uri(evicted.UploadUrl!), token).ConfigureAwait(false);
                    }
                    catch (TusStatusException x)
                    {
                        throw new TransientUploadException(x.Status >= 500 ? "server-5xx" : "http-" + x.Status, x.Message, x);
                    }
                }
            }, attempt.Token).ConfigureAwait(false);
            _spool.FinishTermination(evicted.ClipId);
            _log?.Invoke($"upload: evicted clip {evicted.ClipId}: its partial upload {evicted.UploadUrl} terminated");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _spool.Release(evicted.ClipId);
        }
        catch
        {
            _spool.Release(evicted.ClipId);
            throw;
        }
    }

    private ResiliencePipeline BuildPipeline(FullJitterBackoff backoff)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is TransientUploadException or HttpRequestException or IOException),
            MaxRetryAttempts = int.MaxValue,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(backoff.Delay(args.AttemptNumber)),
            OnRetry = args =>
            {
                string reason = args.Outcome.Exception is TransientUploadException t ? t.Reason : "connection";
                _spool.Count(retries: 1, failure: reason);
                _log?.Invoke($"upload: retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalSeconds:0.###} s: {args.Outcome.Exception?.Message}");
                return default;
            },
        });
        return builder.Build();
    }

    public void Dispose()
    {
        _http.Dispose();
        _work.Dispose();
    }
}
