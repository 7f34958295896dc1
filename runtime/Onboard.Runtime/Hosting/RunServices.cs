using Onboard.Runtime.Config;
using Onboard.Runtime.Control;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Envelope;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Runtime.Hosting;

/// <summary>
/// What <c>onboard run</c> runs beside the camera pipelines: the control socket (<c>control</c>) that other parts
/// register verbs on, and with <c>upload</c> the uploader draining <c>clips.spool</c> (its verbs on the socket, its
/// numbers in every Health). Started before the pipelines, disposed before them. Public as the one seam over the
/// control server and the uploader, which stay internal; its ready lines go to the output it is given.
/// </summary>
public sealed class RunServices : IDisposable
{
    private static readonly TimeSpan s_uploadStopTimeout = TimeSpan.FromSeconds(5);

    private readonly TextWriter _log;
    private readonly TextWriter _output;
    private readonly CancellationTokenSource _stopping = new();
    private UploadHealthReporter? _uploadHealth;
    private Task? _uploading;

    private RunServices(TextWriter log, TextWriter output)
    {
        _log = log;
        _output = output;
    }

    /// <summary>The control socket; null when the config asks for none.</summary>
    internal ControlServer? Control { get; private set; }

    /// <summary>The uploader (null without <c>upload</c>): the recorder writes clips into <c>Uploader.Spool</c> with
    /// <see cref="CloudKey"/> (<see cref="UploadSpool.CreateClip"/>) and calls <see cref="Uploader.Notify"/> after each.</summary>
    internal Uploader? Uploader { get; private set; }

    /// <summary>The cloud's public key clips are sealed for; null without <c>upload</c>.</summary>
    internal CloudPublicKey? CloudKey { get; private set; }

    /// <summary>
    /// Binds the control socket (a taken endpoint throws <see cref="Runtime.Messaging.Zmq.ZmqException"/>), opens and
    /// recovers the spool, starts uploading; prints <c>control endpoint=…</c> and <c>upload ready …</c>.
    /// </summary>
    public static RunServices Start(RunConfig config, PipelineHost host, TextWriter log, TextWriter output)
    {
        var services = new RunServices(log, output);
        try
        {
            if (config.Control is { } control)
            {
                services.Control = new ControlServer(control.Endpoint, log.WriteLine);
            }
            if (config.Upload is { } upload)
            {
                services.StartUpload(config, upload, host);
            }
            if (services.Control is { } server)
            {
                server.Start();
                output.WriteLine($"control endpoint={server.Endpoint}");
            }
            return services;
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    private void StartUpload(RunConfig config, UploadOptions upload, PipelineHost host)
    {
        CloudKey = CloudPublicKey.Load(upload.CloudPublicKeyFile);
        UploadSpool spool = UploadSpool.Open(config.Clips.Spool, SpoolQuota.FromMegabytes(config.Clips.QuotaMb));
        spool.Evicted += (clip, evicted) => _log.WriteLine($"upload: clip {clip} evicted {string.Join(",", evicted)} (clips.quotaMb)");
        Uploader = new Uploader(spool, upload, log: _log.WriteLine);
        _uploadHealth = new UploadHealthReporter(Uploader, config.Publisher.HealthInterval);
        host.AddHealthContributor(_uploadHealth);
        if (Control is not null)
        {
            UploadControl.Register(Control, Uploader);
        }
        _output.WriteLine($"upload ready spool={spool.Directory} endpoint={upload.Endpoint} allowed={(Uploader.Gate.IsAllowed ? "yes" : "no")} {spool.Recovery}");
        CancellationToken stopping = _stopping.Token;
        Uploader uploader = Uploader;
        _uploading = Task.Run(() => uploader.RunAsync(stopping), stopping);
    }

    public void Dispose()
    {
        Control?.Dispose();
        _stopping.Cancel();
        if (_uploading is not null)
        {
            try
            {
                // What the server confirmed is in the spool; the next start resumes from there.
                _uploading.Wait(s_uploadStopTimeout);
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
            {
                // Stopped.
            }
            catch (AggregateException e)
            {
                _log.WriteLine($"upload: the uploader failed: {e.InnerException}");
            }
            _output.WriteLine(Uploader!.Status().Format());
        }
        _uploadHealth?.Dispose();
        Uploader?.Dispose();
        CloudKey?.Dispose();
        _stopping.Dispose();
    }
}
