using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Onboard.Runtime.Upload.Envelope;

namespace Onboard.Bench.Upload;

/// <summary>
/// Sealing and opening a 32 MiB clip, file to file (page cache warm), against the floor — a plain copy of the same
/// bytes through the same 1 MiB buffers — and two peers on the same files in the same run: python3-cryptography's
/// AESGCM doing the same segment work (a long-lived process, so Python's start is not timed) and
/// <c>openssl enc -aes-256-ctr</c> (openssl's <c>enc</c> refuses AEAD ciphers, so CTR without the tag is the nearest
/// CLI baseline; it includes openssl's process start, a few ms).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class EnvelopeBenchmark
{
    public const long Bytes = 32L << 20;
    private string _dir = "";
    private string _plain = "";
    private string _sealed = "";
    private CloudPublicKey? _public;
    private CloudPrivateKey? _private;
    private Process? _python;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("onboard-bench-envelope-").FullName;
        _plain = Path.Combine(_dir, "clip.mcap");
        _sealed = Path.Combine(_dir, "clip.mcap.enc");
        byte[] data = new byte[Bytes];
        new Random(1).NextBytes(data);
        File.WriteAllBytes(_plain, data);
        using var key = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, "cloud.key"), key.ExportECPrivateKeyPem());
        _public = CloudPublicKey.FromPem(key.ExportSubjectPublicKeyInfoPem());
        _private = CloudPrivateKey.Load(Path.Combine(_dir, "cloud.key"));
        Encrypt();
        _python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [BenchPaths.Peer("aesgcm_segments.py")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        });
    }

    [Benchmark(Baseline = true, Description = "plain copy (floor)")]
    public void CopyFile()
    {
        using var source = new FileStream(_plain, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var destination = new FileStream(Path.Combine(_dir, "copy.mcap"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        source.CopyTo(destination, 1 << 20);
    }

    [Benchmark(Description = "seal (ours)")]
    public EnvelopeSummary Encrypt()
    {
        using var source = new FileStream(_plain, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var destination = new FileStream(_sealed, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return ClipEncryptingStream.Encrypt(source, destination, _public!);
    }

    [Benchmark(Description = "open (ours)")]
    public EnvelopeSummary Decrypt()
    {
        using var source = new FileStream(_sealed, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var destination = new FileStream(Path.Combine(_dir, "opened.mcap"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return ClipDecryptor.Decrypt(source, destination, _private!);
    }

    [Benchmark(Description = "python3-cryptography AESGCM segments")]
    public void PythonAesGcm()
    {
        _python!.StandardInput.WriteLine($"encrypt {_plain} {Path.Combine(_dir, "python.enc")}");
        _python.StandardInput.Flush();
        if (_python.StandardOutput.ReadLine() != "done")
        {
            throw new InvalidOperationException("the python peer failed");
        }
    }

    [Benchmark(Description = "openssl enc -aes-256-ctr")]
    public void OpensslCtr()
    {
        using Process p = Process.Start(new ProcessStartInfo("openssl",
            ["enc", "-aes-256-ctr", "-K", new string('1', 64), "-iv", new string('2', 32), "-in", _plain, "-out", Path.Combine(_dir, "openssl.enc")])
        { RedirectStandardError = true })!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("openssl failed: " + p.StandardError.ReadToEnd());
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _python?.StandardInput.Close();
        _python?.WaitForExit(5000);
        _python?.Dispose();
        _public?.Dispose();
        _private?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Columns : ManualConfig
    {
        // In process: these benchmarks are I/O and crypto bound, and a separate boilerplate build overruns
        // BenchmarkDotNet's build timeout on this two-core machine.
        public Columns()
        {
            AddColumn(new ThroughputColumn());
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(8));
        }
    }
}
