using System.Diagnostics;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Envelope;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Bench.Upload;

/// <summary>
/// One 16 MiB clip envelope to the real tus server (@tus/server + @tus/file-store) on loopback. Baseline: the same
/// bytes in one creation-with-upload POST by a bare HttpClient (no chunks, no state, no resume: what the transport
/// and the server cost). Ours: the <see cref="Uploader"/> draining a spool holding the clip (OPTIONS, an empty
/// POST, PATCHes, a state write per chunk, HEAD, delete), at two chunk sizes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class UploadBenchmark
{
    public const long Bytes = 16L << 20;
    private string _dir = "";
    private string _plain = "";
    private string _envelope = "";
    private string _keyFile = "";
    private Process? _server;
    private Uri? _endpoint;
    private HttpClient? _http;
    private UploadSpool? _spool;
    private int _iteration;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("onboard-bench-upload-").FullName;
        using var key = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        _keyFile = Path.Combine(_dir, "cloud.pub.pem");
        File.WriteAllText(_keyFile, key.ExportSubjectPublicKeyInfoPem());
        // A plaintext whose envelope is exactly Bytes long, so every method moves the same bytes.
        long plainLength = Bytes - ClipEnvelope.HeaderLength - (16 * 16);
        byte[] data = new byte[plainLength];
        new Random(2).NextBytes(data);
        _plain = Path.Combine(_dir, "clip.plain");
        File.WriteAllBytes(_plain, data);
        _envelope = Path.Combine(_dir, "clip.mcap.enc");
        using (var pub = CloudPublicKey.Load(_keyFile))
        using (var source = File.OpenRead(_plain))
        using (var destination = File.Create(_envelope))
        {
            ClipEncryptingStream.Encrypt(source, destination, pub);
        }
        _server = Process.Start(new ProcessStartInfo("node", [BenchPaths.NodePeer("tus_server.mjs"), "--dir", Path.Combine(_dir, "store")])
        {
            RedirectStandardOutput = true,
        })!;
        string line = _server.StandardOutput.ReadLine() ?? throw new InvalidOperationException("tus_server.mjs did not start");
        _endpoint = new Uri(line["listening ".Length..]);
        _http = new HttpClient(Uploader.CreateHandler(Options(1024)));
    }

    [IterationSetup(Targets = [nameof(Chunk256K), nameof(Chunk4M)])]
    public void AdmitClip()
    {
        _spool = UploadSpool.Open(Path.Combine(_dir, "spool-" + _iteration++));
        using var pub = CloudPublicKey.Load(_keyFile);
        File.Copy(_plain, Path.Combine(_dir, "admit.plain"), overwrite: true);
        _spool.AdmitFile(Path.Combine(_dir, "admit.plain"), new ClipInfo("clip-" + _iteration, "front", ["bench"], 0, DateTimeOffset.UnixEpoch), pub);
    }

    [Benchmark(Baseline = true, Description = "one POST, bare HttpClient")]
    public async Task RawPost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var file = new FileStream(_envelope, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        request.Content = new StreamContent(file, 64 * 1024);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using HttpResponseMessage response = await _http!.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    [Benchmark(Description = "Uploader, chunkKb 256")]
    public Task Chunk256K() => Drain(256);

    [Benchmark(Description = "Uploader, chunkKb 4096")]
    public Task Chunk4M() => Drain(4096);

    private async Task Drain(int chunkKb)
    {
        using var uploader = new Uploader(_spool!, Options(chunkKb), random: new Random(1));
        await uploader.RunUntilEmptyAsync(CancellationToken.None);
        if (_spool!.Counters.UploadedClips != 1)
        {
            throw new InvalidOperationException("the clip was not uploaded");
        }
    }

    private UploadOptions Options(int chunkKb) => new()
    {
        Endpoint = _endpoint ?? new Uri("http://127.0.0.1/"),
        CloudPublicKeyFile = _keyFile,
        VehicleId = "bench",
        ChunkKb = chunkKb,
        Concurrency = 1,
    };

    [GlobalCleanup]
    public void Cleanup()
    {
        _http?.Dispose();
        _server?.Kill();
        _server?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Columns : ManualConfig
    {
        // In process: these benchmarks are I/O and crypto bound, and a separate boilerplate build overruns
        // BenchmarkDotNet's build timeout on this two-core machine.
        public Columns()
        {
            AddColumn(new ThroughputColumn());
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(8).WithInvocationCount(1).WithUnrollFactor(1));
        }
    }
}
