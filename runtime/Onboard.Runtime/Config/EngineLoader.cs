using System.Security.Cryptography;
using Google.Protobuf;
using Onboard.Kernels.Device;
using Onboard.Models.Graph;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Config;

/// <summary>
/// Opens a configured model as a pipeline engine: one ONNX Runtime session per camera, or, for a model with a
/// <c>batch</c>, one session at the batch size shared by its cameras (<see cref="OpenBatcher"/>).
/// </summary>
public static class EngineLoader
{
    /// <summary>
    /// Opens <paramref name="model"/>; builtin models are generated into <paramref name="workDirectory"/> first.
    /// Execution providers skipped on the way down the chain, and manifest warnings, are written to <paramref name="log"/>.
    /// </summary>
    public static IDetectionEngine Open(ModelConfig model, string workDirectory, TextWriter? log = null)
    {
        DetectorSession session = DetectorSession.Open(ModelPath(model, workDirectory), Options(model, log));
        DeviceAccelerator? device = null;
        try
        {
            // Config check refused "device" where it cannot run; a machine that lost its GPU since says why here.
            device = model.Kernels == KernelPlacement.Device ? DeviceAccelerator.Open(DeviceKind.Cuda, model.Inference.DeviceId) : null;
            return new DetectorEngine(session, model.Settings, identity: Identity(model), device: device);
        }
        catch
        {
            device?.Dispose();
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="model"/> for camera <paramref name="cameraId"/> with <paramref name="shadow"/> run on its
    /// preprocessed frames (aborted whenever the primary starts a run if <paramref name="preemptShadow"/>): a session
    /// of its own with one ORT thread (<see cref="ShadowDetector.SessionOptions"/>),
    /// its results queued for the publisher that owns <paramref name="publishSignal"/>. A shadow that cannot be opened
    /// throws <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static IDetectionEngine Open(ModelConfig model, ModelConfig shadow, bool preemptShadow, string cameraId, ManualResetEventSlim publishSignal,
        string workDirectory, TextWriter? log = null)
    {
        if (model.Kernels == KernelPlacement.Device)
        {
            throw new ArgumentException($"model \"{model.Name}\": kernels \"device\" does not feed a shadow model yet (the shadow reads the host tensor); use kernels \"host\"");
        }
        DetectorSession shadowSession;
        try
        {
            shadowSession = DetectorSession.Open(ModelPath(shadow, workDirectory), ShadowDetector.SessionOptions(Options(shadow, log)));
        }
        catch (Exception e) when (e is ModelLoadException or ExecutionProviderUnavailableException or NotSupportedException)
        {
            // Said here, or the operator would read the reason as the camera model's.
            throw new ArgumentException($"shadow model \"{shadow.Name}\": {e.Message}", e);
        }
        var camera = new CameraShadow(shadowSession, cameraId, shadow.Id, shadow.Version, ClassNames(shadow), shadow.Settings, publishSignal, preemptShadow);
        DetectorSession? session = null;
        try
        {
            session = DetectorSession.Open(ModelPath(model, workDirectory), Options(model, log));
            return new DetectorEngine(session, model.Settings, camera, Identity(model));
        }
        catch
        {
            session?.Dispose();
            camera.Dispose();
            throw;
        }
    }

    /// <summary>Opens a batched <paramref name="model"/> at its batch size; its cameras take their engines from the result.</summary>
    public static CameraBatcher OpenBatcher(ModelConfig model, string workDirectory, MonotonicClock clock, TextWriter? log = null)
    {
        BatchConfig batch = model.Batch ?? throw new ArgumentException($"model '{model.Name}' has no batch", nameof(model));
        DetectorSession session = DetectorSession.Open(ModelPath(model, workDirectory), Options(model, log) with { BatchSize = batch.Size });
        try
        {
            return new CameraBatcher(session, new BatchOptions { Timeout = batch.Timeout }, clock, model.Settings, Identity(model));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The class names subscribers see: configured ones, else the builtin model's own (a path model's come from its manifest).</summary>
    public static IReadOnlyList<string> ClassNames(ModelConfig model) =>
        model.Classes.Count > 0 || model.Builtin is null ? model.Classes : SyntheticSignCatalog.ClassNames;

    /// <summary>What the config says about the model's identity: its id, version and class names, over the manifest's.</summary>
    private static ModelIdentity Identity(ModelConfig model) => new(model.Id, model.Version) { ClassNames = ClassNames(model) };

    private static InferenceOptions Options(ModelConfig model, TextWriter? log) => model.Inference with { Log = log ?? TextWriter.Null };

    private static string ModelPath(ModelConfig model, string workDirectory) =>
        model.Path ?? BuiltinPath(model.Builtin!, batched: model.Batch is not null, workDirectory);

    private static string BuiltinPath(string builtin, bool batched, string workDirectory)
    {
        if (builtin != ConfigReader.BuiltinSyntheticSigns)
        {
            throw new ArgumentException($"unknown builtin model '{builtin}'", nameof(builtin));
        }
        // A batched builtin is generated with a dynamic batch axis; the session fixes it at the batch size.
        string path = System.IO.Path.Combine(workDirectory, builtin + (batched ? "-batch" : "") + ".onnx");
        if (!File.Exists(path))
        {
            var model = SyntheticSignDetector.Build(SyntheticSignDetector.DefaultInputSize, batched ? BatchAxis.Dynamic : 1);
            byte[] bytes = model.ToByteArray();
            File.WriteAllBytes(path, bytes);
            // With its manifest, as `onboard model build --manifest` writes it: the layout and classes are pinned, not inferred.
            ModelManifest manifest = ManifestInference.Infer(model, builtin, Convert.ToHexStringLower(SHA256.HashData(bytes)), out _) with
            {
                Version = "0.1.0",
                Classes = [.. SyntheticSignCatalog.ClassNames],
            };
            File.WriteAllText(ModelManifest.PathFor(path), ModelLoader.ToJson(manifest));
        }
        return path;
    }
}
