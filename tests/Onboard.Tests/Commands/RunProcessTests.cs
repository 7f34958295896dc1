using System.Text.Json;
using Onboard.Models.Manifests;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Commands;

/// <summary><c>onboard run</c>, <c>config check</c> and <c>echo</c> as child processes, as an operator would run them.</summary>
public sealed class RunProcessTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [Fact]
    public void Run_Sigterm_ExitsZeroAfterPublishingEveryFrameInFlightWhole()
    {
        using var dir = new TempDirectory();
        using PeerProcess run = StartRun(dir, fps: 15);
        string endpoint = Endpoint(run);
        using var context = new ZmqContext();
        using var sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.Linger = TimeSpan.Zero;
        sub.ReceiveTimeout = s_wait;
        sub.Subscribe("detections/");
        sub.Subscribe("health");
        sub.Connect(endpoint);
        var reader = new MessageReader(sub);
        for (int detections = 0; detections < 3;)
        {
            if (reader.Next(out _) is DetectionList)
            {
                detections++;
            }
        }

        Signals.Send(run.Id, Signals.SigTerm);

        Assert.True(run.WaitForExit(s_wait), "onboard run did not exit after SIGTERM");
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardError}");
        Dictionary<string, long> summary = RunSummary.Read(run, s_wait);
        Assert.Equal(0, summary["in-flight"]);
        Assert.Equal(summary["in"], summary["published"] + summary["dropped"]);
        // The last health report is sent after every frame in flight was published: once it arrives,
        // everything the process published reached us, each message whole (two frames, decodable).
        Health? last = null;
        while (last is null || last.State != CameraState.Stopping || (long)last.FramesPublished != summary["published"])
        {
            last = reader.Next(out _) as Health ?? last;
        }
        Assert.True(reader.Detections >= 3);
        // Session start-up is reported apart from the steady-state latencies: the cold warm-up run, then the first frame.
        Assert.True(last.ColdRunMs > 0 && last.FirstFrameInferMs > 0, last.ToString());
    }

    [Fact]
    public void Echo_HealthTopic_PrintsEachMessageAsAJsonLine()
    {
        using var dir = new TempDirectory();
        using PeerProcess run = StartRun(dir, fps: 10);
        string endpoint = Endpoint(run);

        using PeerProcess echo = OnboardCli.Start("echo", "health", "--endpoint", endpoint, "--count", "2", "--timeout", "60");
        var lines = new List<JsonElement>();
        for (int i = 0; i < 2; i++)
        {
            string? line = echo.ReadLine(s_wait);
            Assert.True(line is not null, "echo printed nothing: " + echo.StandardError);
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        Assert.True(echo.WaitForExit(s_wait));
        Assert.Equal(0, echo.ExitCode);
        Assert.All(lines, l => Assert.Equal("health", l.GetProperty("topic").GetString()));
        Assert.All(lines, l => Assert.Equal("front", l.GetProperty("message").GetProperty("camera_id").GetString()));
        Assert.Equal("CPUExecutionProvider", lines[1].GetProperty("message").GetProperty("execution_provider").GetString());
        Signals.Send(run.Id, Signals.SigInt);
        Assert.True(run.WaitForExit(s_wait));
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void ConfigCheck_BadFields_ExitsTwoNamingEachOne()
    {
        using var dir = new TempDirectory();
        string file = dir.File("bad.json");
        File.WriteAllText(file, """
        { "models": { "m": { "builtin": "synthetic-signs" } },
          "cameras": [ { "id": "a", "model": "m", "deadlineMs": -5, "source": { "kind": "sim", "fps": 0 },
                         "tracker": { "highThreshold": 1.2, "horizons": [1, 11] } } ] }
        """);

        using PeerProcess check = OnboardCli.Start("config", "check", file);

        Assert.True(check.WaitForExit(s_wait));
        Assert.Equal(2, check.ExitCode);
        // A timed wait for exit does not wait for the redirected stderr to be read to its end.
        SpinWait.SpinUntil(() => check.StandardError.Contains("source.fps", StringComparison.Ordinal), s_wait);
        Assert.Contains("cameras[0].deadlineMs: must be at least 0", check.StandardError, StringComparison.Ordinal);
        Assert.Contains("cameras[0].source.fps: must be greater than 0", check.StandardError, StringComparison.Ordinal);
        Assert.Contains("cameras[0].tracker.highThreshold: must be in [0, 1] (got 1.2)", check.StandardError, StringComparison.Ordinal);
        Assert.Contains("cameras[0].tracker.horizons[1]: must be in (0, 10] seconds (got 11)", check.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigCheck_BatchedModelWithoutABatchAxis_ExitsTwoNamingTheModelsBatch()
    {
        using var dir = new TempDirectory();
        TestModels.Write(dir, "signs.onnx", Onboard.Models.Synthetic.SyntheticSignDetector.Build(320));
        string file = dir.File("batch.json");
        File.WriteAllText(file, """
        { "models": { "m": { "path": "signs.onnx", "batch": { "timeoutMs": 5 } } },
          "cameras": [ { "id": "a", "model": "m", "source": { "kind": "sim" } }, { "id": "b", "model": "m", "source": { "kind": "sim" } } ] }
        """);

        using PeerProcess check = OnboardCli.Start("config", "check", file);

        Assert.True(check.WaitForExit(s_wait));
        Assert.Equal(2, check.ExitCode);
        SpinWait.SpinUntil(() => check.StandardError.Contains("models.m.batch", StringComparison.Ordinal), s_wait);
        Assert.Contains("models.m.batch: model input 'images' is [1, 3, 320, 320]: its batch axis is fixed at 1", check.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TwoCamerasBatchedOnOneModel_PublishesBothAndReportsTheBatchRuns()
    {
        using var dir = new TempDirectory();
        string file = dir.File("run.json");
        File.WriteAllText(file, """
        {
          "publish": { "endpoint": "tcp://127.0.0.1:*" },
          "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1, "batch": { "size": 2, "timeoutMs": 20 } } },
          "cameras": [
            { "id": "front", "model": "signs", "deadlineMs": 5000, "source": { "kind": "sim", "fps": 10, "seed": 1 } },
            { "id": "rear", "model": "signs", "deadlineMs": 5000, "source": { "kind": "sim", "fps": 10, "seed": 2 } }
          ]
        }
        """);
        using PeerProcess run = OnboardCli.Start("run", "--config", file, "--seconds", "3");

        Assert.True(run.WaitForExit(s_wait), "onboard run did not exit");
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardError}");
        var lines = new List<string>();
        while (run.ReadLine(s_wait) is { } line)
        {
            lines.Add(line);
        }
        Dictionary<string, long>[] cameras = [.. lines.Where(RunSummary.IsSummary).Select(RunSummary.Numbers)];
        string batch = Assert.Single(lines, l => l.StartsWith("batch ", StringComparison.Ordinal));
        Dictionary<string, long> runs = RunSummary.Numbers(batch);

        Assert.Equal(2, cameras.Length);
        Assert.All(cameras, c => Assert.True(c["published"] > 0 && c["in-flight"] == 0, string.Join('\n', lines)));
        Assert.StartsWith("batch model=signs cameras=front,rear ", batch, StringComparison.Ordinal);
        Assert.True(runs["runs"] > 0 && runs["runs"] == runs["full"] + runs["partial"], batch);
        // Every frame that ran was published, or dropped for a reason counted after the run.
        Assert.Equal(cameras.Sum(c => c["published"] + c.GetValueOrDefault("publishbusy") + c.GetValueOrDefault("sendqueuefull")), runs["frames"]);
    }

    [Fact]
    public void Run_CudaOnlyChainWithoutAGpu_ExitsOneNamingTheModelAndTheReason()
    {
        using var dir = new TempDirectory();
        string file = WriteConfig(dir, """ "executionProviders": ["cuda"] """);

        var (code, output, error) = OnboardCli.Run("run", "--config", file, "--seconds", "1");

        Assert.Equal(1, code);
        Assert.DoesNotContain("running ", output, StringComparison.Ordinal);
        Assert.Contains("run: model \"signs\" (camera front): no execution provider of the chain [cuda] can run the model: cuda: skipped, CUDAExecutionProvider ships with this build (libonnxruntime_providers_cuda.so) but cannot load here: ", error, StringComparison.Ordinal);
        Assert.Contains("libcublasLt.so.13", error, StringComparison.Ordinal);
        Assert.Contains("add 'cpu' to the chain to allow a CPU fallback", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DefaultChainWithoutAGpu_FallsBackToCpuAndLogsEachSkippedProviderOnce()
    {
        using var dir = new TempDirectory();
        string file = WriteConfig(dir, """ "deviceId": 0, "tensorrt": { "fp16": true, "engineCacheDir": "trt" } """, cameras: 2);

        var (code, output, error) = OnboardCli.Run("run", "--config", file, "--seconds", "1");

        Assert.True(code == 0, error);
        Assert.Contains(" providers=CPUExecutionProvider,CPUExecutionProvider ", output, StringComparison.Ordinal);
        // Two cameras open two sessions down the same chain; each skipped provider is reported once, with its reason.
        string[] lines = error.Split('\n');
        Assert.Single(lines, l => l.StartsWith("execution provider tensorrt unavailable: TensorrtExecutionProvider ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("execution provider cuda unavailable: CUDAExecutionProvider ", StringComparison.Ordinal));
        Assert.DoesNotContain("warning", error, StringComparison.Ordinal); // the builtin model comes with its manifest
    }

    [Fact]
    public void Run_FleetKeyConfigured_UnsignedModelRefusedAndOneSignedWithOpensslRuns()
    {
        using var dir = new TempDirectory();
        string model = dir.File("signs.onnx");
        Assert.Equal(0, OnboardCli.Run("model", "build", "synthetic", "--size", "320", "--manifest", "--output", model).ExitCode);
        Openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir.File("fleet.key"));
        Openssl("ec", "-in", dir.File("fleet.key"), "-pubout", "-out", dir.File("fleet.pub.pem"));
        string file = WriteConfig(dir, """ "executionProviders": ["cpu"] """, trust: """ "trust": { "publicKeyFile": "fleet.pub.pem" }, """, path: "signs.onnx");

        var (unsignedCode, _, unsignedError) = OnboardCli.Run("run", "--config", file, "--seconds", "1");

        Assert.Equal(1, unsignedCode);
        Assert.Contains("run: model \"signs\" (camera front): ", unsignedError, StringComparison.Ordinal);
        Assert.Contains("signature", unsignedError, StringComparison.Ordinal);

        // The fleet signs offline with stock tools: ECDSA P-256 over the manifest's bytes, base64 of the DER signature.
        string manifest = ModelManifest.PathFor(model);
        byte[] signature = Openssl("dgst", "-sha256", "-sign", dir.File("fleet.key"), manifest);
        File.WriteAllText(ModelManifest.SignaturePathFor(manifest), Convert.ToBase64String(signature));
        var (code, output, error) = OnboardCli.Run("run", "--config", file, "--seconds", "1");

        Assert.True(code == 0, error);
        Assert.True(RunSummary.Numbers(output.Split('\n').Single(RunSummary.IsSummary))["published"] > 0, output);
    }

    [Fact]
    public void Run_CameraWithAShadow_ShadowResultsGoOutOnShadowTopicOnlyUnderTheShadowModelsId()
    {
        using var dir = new TempDirectory();
        string file = dir.File("run.json");
        File.WriteAllText(file, """
        {
          "publish": { "endpoint": "tcp://127.0.0.1:*", "healthIntervalMs": 200 },
          "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1, "scoreThreshold": 0.25 },
                      "strict": { "builtin": "synthetic-signs", "id": "signs-strict", "version": "2", "scoreThreshold": 0.9 } },
          "cameras": [ { "id": "front", "model": "signs", "shadow": "strict", "deadlineMs": 5000, "source": { "kind": "sim", "fps": 10 } } ]
        }
        """);
        using PeerProcess run = OnboardCli.Start("run", "--config", file);
        string endpoint = Endpoint(run);
        using var context = new ZmqContext();
        using var detectionsSub = Subscriber(context, endpoint, "detections/");
        using var shadowSub = Subscriber(context, endpoint, "shadow/", "health");
        var shadowReader = new MessageReader(shadowSub);
        var shadows = new List<DetectionList>();
        while (shadows.Count < 3)
        {
            if (shadowReader.Next(out string topic) is DetectionList list)
            {
                Assert.Equal("shadow/front", topic);
                shadows.Add(list);
            }
        }

        Signals.Send(run.Id, Signals.SigTerm);

        Assert.True(run.WaitForExit(s_wait), "onboard run did not exit after SIGTERM");
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardError}");
        Dictionary<string, long> summary = RunSummary.Read(run, s_wait);
        // The process has exited and flushed: everything it sent is here, the last health report last (it follows
        // every primary frame and every shadow result).
        Health? last = null;
        shadowSub.ReceiveTimeout = TimeSpan.FromSeconds(1);
        for (Google.Protobuf.IMessage? m; (m = shadowReader.TryNext(out string topic)) is not null;)
        {
            if (m is DetectionList list)
            {
                Assert.Equal("shadow/front", topic);
                shadows.Add(list);
            }
            last = m as Health ?? last;
        }
        Assert.True(last is { State: CameraState.Stopping }, $"last health: {last}");
        var primary = new List<DetectionList>();
        var detectionsReader = new MessageReader(detectionsSub);
        detectionsSub.ReceiveTimeout = TimeSpan.FromSeconds(1);
        while (detectionsReader.TryNext(out string topic) is DetectionList list)
        {
            Assert.Equal("detections/front", topic);
            primary.Add(list);
        }

        Assert.NotEmpty(primary);
        Assert.All(primary, l => Assert.Equal("synthetic-signs", l.Header.ModelId));
        Assert.All(shadows, l => Assert.Equal(("signs-strict", "2"), (l.Header.ModelId, l.Header.ModelVersion)));
        Assert.All(shadows, l => Assert.All(l.Detections, d => Assert.True(d.Score > 0.9f, $"shadow score {d.Score} under its own threshold")));
        // The shadow ran frames the primary ran: each shadow sequence from the first one this subscriber saw is a published frame.
        HashSet<ulong> published = [.. primary.Select(l => l.Header.Sequence)];
        ulong first = published.Min();
        Assert.All(shadows.Where(l => l.Header.Sequence >= first), l => Assert.Contains(l.Header.Sequence, published));
        Assert.Equal(shadows.Count, shadows.Select(l => l.Header.Sequence).Distinct().Count());
        // Every frame the primary ran was offered to the shadow, whose every offer ended one way; every result it completed was sent or counted dropped.
        Assert.Equal("signs-strict", last.ShadowModelId);
        Assert.True(last.ShadowCompleted > 0);
        Assert.Equal(last.ShadowOffered, last.ShadowSkipped + last.ShadowCompleted + last.ShadowPreempted);
        Assert.Equal(last.ShadowCompleted, last.ShadowPublished + last.ShadowDropped);
        Assert.Equal(summary["published"] + summary.GetValueOrDefault("publishbusy") + summary.GetValueOrDefault("sendqueuefull"), (long)last.ShadowOffered);
        Assert.Equal(((long)last.ShadowCompleted, (long)last.ShadowSkipped), (summary["shadow-completed"], summary["shadow-skipped"]));
    }

    private static PeerProcess StartRun(TempDirectory dir, int fps)
    {
        string file = dir.File("run.json");
        File.WriteAllText(file, $$"""
        {
          "publish": { "endpoint": "tcp://127.0.0.1:*", "healthIntervalMs": 200 },
          "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1 } },
          "cameras": [ { "id": "front", "model": "signs", "deadlineMs": 5000, "source": { "kind": "sim", "fps": {{fps}} } } ]
        }
        """);
        return OnboardCli.Start("run", "--config", file);
    }

    /// <summary>A one-model config for <c>onboard run</c>: <paramref name="modelFields"/> go into the model, <paramref name="trust"/> at the top.</summary>
    private static string WriteConfig(TempDirectory dir, string modelFields, int cameras = 1, string trust = "", string? path = null)
    {
        string source = path is null ? "\"builtin\": \"synthetic-signs\"" : $"\"path\": \"{path}\"";
        string list = string.Join(", ", Enumerable.Range(0, cameras).Select(i =>
            $$"""{ "id": "{{(i == 0 ? "front" : "cam" + i)}}", "model": "signs", "deadlineMs": 5000, "source": { "kind": "sim", "fps": 10, "seed": {{i + 1}} } }"""));
        string file = dir.File("run.json");
        File.WriteAllText(file, $$"""
        { {{trust}}
          "publish": { "endpoint": "tcp://127.0.0.1:*" },
          "models": { "signs": { {{source}}, "intraOpThreads": 1, {{modelFields}} } },
          "cameras": [ {{list}} ]
        }
        """);
        return file;
    }

    /// <summary>Runs the system <c>openssl</c>, as a fleet's signing step would; returns its stdout bytes.</summary>
    private static byte[] Openssl(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        using var output = new MemoryStream();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)}: {error.Result}");
        return output.ToArray();
    }

    private static string Endpoint(PeerProcess run)
    {
        string? line = run.ReadLine(s_wait);
        Assert.True(line is not null && line.StartsWith("running ", StringComparison.Ordinal), $"'{line}' {run.StandardError}");
        return line.Split(' ').Single(p => p.StartsWith("endpoint=", StringComparison.Ordinal))["endpoint=".Length..];
    }

    private static ZmqSocket Subscriber(ZmqContext context, string endpoint, params string[] topics)
    {
        ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.Linger = TimeSpan.Zero;
        sub.ReceiveTimeout = s_wait;
        foreach (string topic in topics)
        {
            sub.Subscribe(topic);
        }
        sub.Connect(endpoint);
        return sub;
    }

    /// <summary>The <c>summary camera=… in=N published=N …</c> line's numbers.</summary>

    /// <summary>Reads [topic][payload] messages, failing on any message that is not exactly two decodable frames.</summary>
    private sealed class MessageReader(ZmqSocket socket)
    {
        private readonly byte[] _topic = new byte[64];
        private readonly byte[] _payload = new byte[1 << 16];

        public int Detections { get; private set; }

        public Google.Protobuf.IMessage Next(out string topic) =>
            TryNext(out topic) ?? throw new Xunit.Sdk.XunitException("nothing received within the timeout");

        /// <summary>The next message, or null when nothing arrived within the socket's receive timeout.</summary>
        public Google.Protobuf.IMessage? TryNext(out string topic)
        {
            int t = socket.Receive(_topic, out bool more);
            topic = "";
            if (t < 0)
            {
                return null;
            }
            Assert.True(t > 0, "an empty topic frame");
            Assert.True(more, "a message with only a topic frame");
            int n = socket.Receive(_payload, out bool extra);
            Assert.False(extra, "a message with more than two frames");
            topic = System.Text.Encoding.UTF8.GetString(_topic, 0, t);
            if (topic == "health")
            {
                return Health.Parser.ParseFrom(_payload, 0, n);
            }
            Detections++;
            return DetectionList.Parser.ParseFrom(_payload, 0, n);
        }
    }
}
