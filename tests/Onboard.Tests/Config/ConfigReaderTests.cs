using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Onboard.Models.Graph;
using Onboard.Models.Manifests;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Config;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Config;

public sealed class ConfigReaderTests
{
    [Fact]
    public void Parse_ManyBadFields_NamesEveryOneByPath()
    {
        const string json = """
        {
          "publish": { "endpoint": "http://example", "sendHighWatermark": -1, "curve": { "secretKey": "short" } },
          "models": {
            "signs": { "builtin": "synthetic-signs", "scoreThreshold": 2 },
            "other": { "path": "missing.onnx", "classes": ["a", 3] }
          },
          "cameras": [
            { "id": "front cam", "model": "signs", "deadlineMs": "fast", "source": { "kind": "sim", "fps": -3, "width": 641 } },
            { "id": "rear", "model": "nope", "source": { "kind": "usb" } },
            { "id": "rear", "model": "signs", "sourcee": { "kind": "sim" } },
            { "id": "side", "model": "signs", "source": { "kind": "shm" }, "inferQueue": 0 }
          ],
          "extra": true
        }
        """;

        RunConfig? config = ConfigReader.Parse(json, Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Null(config);
        string[] expected =
        [
            "publish.endpoint", "publish.sendHighWatermark", "publish.curve.secretKey",
            "models.signs.scoreThreshold", "models.other.path", "models.other.classes[1]",
            "cameras[0].id", "cameras[0].deadlineMs", "cameras[0].source.fps", "cameras[0].source.width",
            "cameras[1].model", "cameras[1].source.kind",
            "cameras[2].id", "cameras[2].source", "cameras[2].sourcee",
            "cameras[3].source.name", "cameras[3].inferQueue",
            "extra",
        ];
        Assert.Equal(expected.Order(), errors.Select(e => e.Path).Order());
        Assert.Contains(errors, e => e.ToString() == "cameras[0].source.fps: must be greater than 0 and at most 1000 (got -3)");
        Assert.Contains(errors, e => e.ToString() == "cameras[2].id: \"rear\" is used by another camera");
        Assert.Contains(errors, e => e.ToString() == "cameras[2].sourcee: unknown field");
    }

    [Fact]
    public void Parse_ValidConfig_GivesPublisherModelsAndCameras()
    {
        ZmqCurveKeyPair server = ZmqCurve.GenerateKeyPair();
        ZmqCurveKeyPair client = ZmqCurve.GenerateKeyPair();
        string json = $$"""
        {
          // comments are allowed
          "publish": { "endpoint": "tcp://*:6000", "healthIntervalMs": 500,
                       "curve": { "secretKey": "{{server.SecretKey}}", "authorizedClients": ["{{client.PublicKey}}"] } },
          "models": { "signs": { "builtin": "synthetic-signs", "scoreThreshold": 0.4 } },
          "cameras": [
            { "id": "front", "model": "signs", "deadlineMs": 80, "source": { "kind": "sim", "fps": 20 } },
            { "id": "rear", "model": "signs", "source": { "kind": "shm", "name": "rear" } },
          ]
        }
        """;

        RunConfig? config = ConfigReader.Parse(json, Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Equal("tcp://*:6000", config.Publisher.Endpoint);
        Assert.Equal(server.SecretKey, config.Publisher.CurveSecretKey);
        Assert.Equal([client.PublicKey], config.Publisher.AuthorizedClients);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Publisher.HealthInterval);
        Assert.Equal(0.4f, config.Models["signs"].Settings!.ScoreThreshold);
        Assert.Equal(["front", "rear"], config.Cameras.Select(c => c.Id));
        Assert.Equal(TimeSpan.FromMilliseconds(80), config.Cameras[0].Pipeline.Deadline);
        Assert.Equal(20, config.Cameras[0].Source.FramesPerSecond);
        Assert.Equal(SourceKind.Shm, config.Cameras[1].Source.Kind);
    }

    [Fact]
    public void Parse_BatchedModel_SizeIsItsCamerasAndTimeoutIsRead()
    {
        const string json = """
        {
          "models": {
            "signs": { "builtin": "synthetic-signs", "batch": { "timeoutMs": 5 } },
            "other": { "builtin": "synthetic-signs" }
          },
          "cameras": [
            { "id": "front", "model": "signs", "source": { "kind": "sim" } },
            { "id": "side", "model": "other", "source": { "kind": "sim" } },
            { "id": "rear", "model": "signs", "source": { "kind": "sim" } }
          ]
        }
        """;

        RunConfig? config = ConfigReader.Parse(json, Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Empty(errors);
        Assert.Equal(new BatchConfig(2, TimeSpan.FromMilliseconds(5)), config!.Models["signs"].Batch);
        Assert.Null(config.Models["other"].Batch);
    }

    [Fact]
    public void Parse_BadBatches_NameEachField()
    {
        const string json = """
        {
          "models": {
            "three": { "builtin": "synthetic-signs", "batch": { "size": 3 } },
            "solo": { "builtin": "synthetic-signs", "batch": {} },
            "bad": { "builtin": "synthetic-signs", "batch": { "size": 1, "timeoutMs": -1, "wait": true } },
            "flag": { "builtin": "synthetic-signs", "batch": true }
          },
          "cameras": [
            { "id": "a", "model": "three", "source": { "kind": "sim" } },
            { "id": "b", "model": "three", "source": { "kind": "sim" } },
            { "id": "c", "model": "solo", "source": { "kind": "sim" } },
            { "id": "d", "model": "bad", "source": { "kind": "sim" } },
            { "id": "e", "model": "bad", "source": { "kind": "sim" } },
            { "id": "f", "model": "flag", "source": { "kind": "sim" } }
          ]
        }
        """;

        RunConfig? config = ConfigReader.Parse(json, Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Null(config);
        string[] expected =
        [
            "models.three.batch.size", "models.solo.batch",
            "models.bad.batch.size", "models.bad.batch.timeoutMs", "models.bad.batch.wait", "models.flag.batch",
        ];
        Assert.Equal(expected.Order(), errors.Select(e => e.Path).Order());
        Assert.Contains(errors, e => e.ToString() ==
            "models.three.batch.size: is 3, but 2 cameras use model \"three\" (a, b); a batch holds one frame per camera, so its size is their number (or leave it out)");
        Assert.Contains(errors, e => e.ToString() == "models.solo.batch: only camera \"c\" uses model \"solo\"; batching runs two or more cameras' frames at once");
        Assert.Contains(errors, e => e.ToString() == "models.bad.batch.size: must be between 2 and 32 (got 1)");
    }

    [Fact]
    public void Parse_BatchedModelWithItsBatchAxisFixedAtOne_NamesTheModelsBatch()
    {
        using var dir = new TempDirectory();
        TestModels.Write(dir, "fixed.onnx", SyntheticSignDetector.Build(320));
        TestModels.Write(dir, "dynamic.onnx", SyntheticSignDetector.Build(320, BatchAxis.Dynamic));
        const string json = """
        {
          "models": {
            "fixed": { "path": "fixed.onnx", "batch": { "size": 2 } },
            "dynamic": { "path": "dynamic.onnx", "batch": { "size": 2 } }
          },
          "cameras": [
            { "id": "a", "model": "fixed", "source": { "kind": "sim" } },
            { "id": "b", "model": "fixed", "source": { "kind": "sim" } },
            { "id": "c", "model": "dynamic", "source": { "kind": "sim" } },
            { "id": "d", "model": "dynamic", "source": { "kind": "sim" } }
          ]
        }
        """;

        ConfigReader.Parse(json, dir.Path, out List<ConfigError> errors);

        ConfigError error = Assert.Single(errors);
        Assert.Equal("models.fixed.batch", error.Path);
        Assert.StartsWith("model input 'images' is [1, 3, 320, 320]: its batch axis is fixed at 1, so it cannot run the 2 cameras' frames in one batch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InferenceAndTrustFields_ReachTheModelsSessionOptions()
    {
        using var dir = new TempDirectory();
        using var fleet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(dir.File("fleet.pub.pem"), ManifestSignature.PublicKeyPem(fleet));
        TestModels.Write(dir, "signs.onnx", SyntheticSignDetector.Build(320));
        const string json = """
        {
          "trust": { "publicKeyFile": "fleet.pub.pem" },
          "models": {
            "file": { "path": "signs.onnx", "executionProviders": ["cuda", "cpu"], "deviceId": 1, "intraOpThreads": 2,
                      "interOpThreads": 1, "deterministic": true, "warmupRuns": 0, "gpuMemoryLimitMb": 2048,
                      "optimization": "basic", "optimizedModelPath": "cache/signs.opt.onnx", "inputShape": [1, 3, 320, 320],
                      "tensorrt": { "fp16": false, "workspaceMb": 512, "engineCacheDir": "trt" } },
            "builtin": { "builtin": "synthetic-signs" }
          },
          "cameras": [ { "id": "a", "model": "file", "source": { "kind": "sim" } }, { "id": "b", "model": "builtin", "source": { "kind": "sim" } } ]
        }
        """;

        RunConfig? config = ConfigReader.Parse(json, dir.Path, out List<ConfigError> errors);

        Assert.Empty(errors);
        InferenceOptions o = config!.Models["file"].Inference;
        Assert.Equal(["cuda", "cpu"], o.ExecutionProviders);
        Assert.Equal((1, 2, 1, true, 0), (o.DeviceId, o.IntraOpThreads, o.InterOpThreads, o.DeterministicCompute, o.WarmupRuns));
        Assert.Equal((2048L << 20, 512L << 20, false), (o.GpuMemoryLimitBytes, o.TensorRtWorkspaceBytes, o.TensorRtFp16));
        Assert.Equal(Path.Combine(dir.Path, "trt"), o.TensorRtEngineCacheDirectory);
        Assert.Equal(Path.Combine(dir.Path, "cache/signs.opt.onnx"), o.OptimizedModelPath);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_BASIC, o.OptimizationLevel);
        Assert.Equal([1L, 3, 320, 320], o.InputShape!);
        Assert.Equal(ManifestSignature.PublicKeyPem(fleet), o.Trust.PublicKeyPem);
        Assert.True(o.Trust.RequireManifest);
        // The builtin model is generated by this binary, not shipped to it: the fleet key is for model files.
        InferenceOptions builtin = config.Models["builtin"].Inference;
        Assert.Equal((null, false), (builtin.Trust.PublicKeyPem, builtin.Trust.RequireManifest));
        Assert.Equal(new InferenceOptions().ExecutionProviders, builtin.ExecutionProviders);
    }

    [Fact]
    public void Parse_BadInferenceAndTrustFields_NameEachOne()
    {
        using var dir = new TempDirectory();
        using var fleet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(dir.File("private.pem"), fleet.ExportPkcs8PrivateKeyPem());
        const string json = """
        {
          "trust": { "publicKeyFile": "private.pem", "requireManifest": "yes" },
          "models": {
            "a": { "builtin": "synthetic-signs", "executionProviders": ["gpu", "cpu", "cpu"], "deviceId": -1,
                   "optimization": "max", "inputShape": [1, 3, 0, 640], "tensorrt": { "workspaceMb": 1, "int8": true } },
            "b": { "builtin": "synthetic-signs", "executionProviders": [] }
          },
          "cameras": [ { "id": "a", "model": "a", "source": { "kind": "sim" } }, { "id": "b", "model": "b", "source": { "kind": "sim" } } ]
        }
        """;

        ConfigReader.Parse(json, dir.Path, out List<ConfigError> errors);

        string[] expected =
        [
            "trust.publicKeyFile", "trust.requireManifest",
            "models.a.executionProviders[0]", "models.a.executionProviders[2]", "models.a.deviceId", "models.a.optimization",
            "models.a.inputShape", "models.a.tensorrt.workspaceMb", "models.a.tensorrt.int8", "models.b.executionProviders",
        ];
        Assert.Equal(expected.Order(), errors.Select(e => e.Path).Order());
        Assert.Contains(errors, e => e.ToString() == "models.a.executionProviders[0]: unknown execution provider \"gpu\" (known: tensorrt, cuda, cpu)");
        Assert.Contains(errors, e => e.ToString() == "models.a.executionProviders[2]: \"cpu\" is already in the chain");
        Assert.Contains(errors, e => e.Path == "trust.publicKeyFile" && e.Message.EndsWith("holds a private key; a vehicle needs only the fleet key's public half (openssl ec -pubout)", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ShadowModels_EachProblemNamedByTheCamerasShadowPath()
    {
        using var dir = new TempDirectory();
        TestModels.Write(dir, "signs320.onnx", SyntheticSignDetector.Build(320));
        TestModels.Write(dir, "dynamic.onnx", SyntheticSignDetector.Build(320, BatchAxis.Dynamic));
        TestModels.WriteComposedSigns(dir, 320);
        const string json = """
        {
          "models": {
            "signs": { "builtin": "synthetic-signs" },
            "strict": { "builtin": "synthetic-signs", "id": "signs-strict", "scoreThreshold": 0.6 },
            "small": { "path": "signs320.onnx" },
            "raw": { "path": "composed.onnx" },
            "batched": { "path": "dynamic.onnx", "batch": { "size": 2 } }
          },
          "cameras": [
            { "id": "ok", "model": "signs", "shadow": "strict", "source": { "kind": "sim" } },
            { "id": "unknown", "model": "signs", "shadow": "nope", "source": { "kind": "sim" } },
            { "id": "self", "model": "signs", "shadow": "signs", "source": { "kind": "sim" } },
            { "id": "shape", "model": "signs", "shadow": "small", "source": { "kind": "sim" } },
            { "id": "raw", "model": "raw", "shadow": "small", "source": { "kind": "sim" } },
            { "id": "b1", "model": "batched", "shadow": "small", "source": { "kind": "sim" } },
            { "id": "b2", "model": "batched", "source": { "kind": "sim" } },
            { "id": "shadowbatched", "model": "small", "shadow": "batched", "source": { "kind": "sim" } },
            { "id": "object", "model": "signs", "shadow": { "model": "nope", "preempt": 1 }, "source": { "kind": "sim" } },
            { "id": "number", "model": "signs", "shadow": 3, "source": { "kind": "sim" } }
          ]
        }
        """;

        ConfigReader.Parse(json, dir.Path, out List<ConfigError> errors);

        Assert.Equal(
        [
            "cameras[1].shadow: no model named \"nope\" in models",
            "cameras[2].shadow: is the camera's own model \"signs\"; a shadow is a second model (give it an entry of its own in models, e.g. with other thresholds)",
            "cameras[3].shadow: model \"small\" takes float32 [1, 3, 320, 320] but the camera's model \"signs\" takes float32 [1, 3, 640, 640]; " +
                "a shadow runs on the primary's preprocessed tensor, so their inputs must match",
            "cameras[4].shadow: the camera's model \"raw\" takes raw uint8 frames [1, 720, 1280, 3] (preprocessing composed in), so there is no preprocessed tensor to feed a shadow",
            "cameras[5].shadow: the camera's model \"batched\" is batched across cameras (models.batched.batch); a shadow runs on one camera's preprocessed frame, so a batched model cannot have one",
            "cameras[7].shadow: model \"batched\" is batched across cameras (models.batched.batch); a shadow model runs one camera's frames alone",
            "cameras[8].shadow.preempt: expected true or false, got the number 1",
            "cameras[8].shadow.model: no model named \"nope\" in models",
            "cameras[9].shadow: expected a model name or { \"model\": NAME, \"preempt\": BOOL }, got the number 3",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_ShadowAsASecondEntryOfTheBuiltinModel_IsValidAndReachesTheCamera()
    {
        const string json = """
        {
          "models": { "signs": { "builtin": "synthetic-signs" }, "strict": { "builtin": "synthetic-signs", "scoreThreshold": 0.6 } },
          "cameras": [ { "id": "front", "model": "signs", "shadow": "strict", "source": { "kind": "sim" } },
                       { "id": "side", "model": "signs", "shadow": { "model": "strict", "preempt": true }, "source": { "kind": "sim" } },
                       { "id": "rear", "model": "signs", "source": { "kind": "sim" } } ]
        }
        """;

        RunConfig? config = ConfigReader.Parse(json, Path.GetTempPath(), out List<ConfigError> errors);

        Assert.Empty(errors);
        Assert.Equal([new ShadowConfig("strict"), new ShadowConfig("strict", Preempt: true), null], config!.Cameras.Select(c => c.Shadow));
    }
}
