using System.Text.Json;
using Onboard.Kernels.Tracking;
using Onboard.Models.Loading;
using Onboard.Runtime.Control;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Config;

/// <summary>
/// Reads and validates an <c>onboard run</c> config (JSON). Validation goes on after the first problem and
/// names every bad field by its path, so one run of <c>onboard config check</c> shows everything to fix.
/// Relative file paths are resolved against the config file's directory. See <c>runtime/Onboard.Runtime/Config/README.md</c>.
/// </summary>
public static partial class ConfigReader
{
    public const string BuiltinSyntheticSigns = "synthetic-signs";

    private static readonly JsonDocumentOptions s_json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads <paramref name="file"/>; throws <see cref="ConfigException"/> listing every error.</summary>
    public static RunConfig Read(string file)
    {
        RunConfig? config = Validate(file, out List<ConfigError> errors);
        return errors.Count == 0 ? config! : throw new ConfigException(file, errors);
    }

    /// <summary>Reads <paramref name="file"/>; returns the config when <paramref name="errors"/> is empty.</summary>
    public static RunConfig? Validate(string file, out List<ConfigError> errors)
    {
        string json;
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors = [new ConfigError("(file)", $"cannot read {file}: {e.Message}")];
            return null;
        }
        return Parse(json, Path.GetDirectoryName(Path.GetFullPath(file))!, out errors);
    }

    public static RunConfig? Parse(string json, string baseDirectory, out List<ConfigError> errors)
    {
        errors = [];
        JsonDocument? document = JsonFields.Parse(json, errors);
        if (document is null)
        {
            return null;
        }
        using (document)
        {
            JsonFields? root = JsonFields.Of(document.RootElement, "", errors);
            if (root is null)
            {
                return null;
            }
            PublisherOptions publisher = ReadPublisher(root, baseDirectory, errors);
            ModelLoadOptions trust = ReadTrust(root, baseDirectory, errors);
            Dictionary<string, ModelConfig> models = ReadModels(root, baseDirectory, trust, errors);
            List<CameraConfig> cameras = ReadCameras(root, baseDirectory, models, errors);
            CheckBatches(root, models, cameras, errors);
            ClipsConfig clips = ReadClips(root, baseDirectory, errors);
            List<TriggerConfig> triggers = ReadTriggers(root, models, cameras, clips, errors);
            UploadOptions? upload = ReadRunUpload(root, baseDirectory, errors);
            // Uploads and manual triggers are commanded over the control socket: either opens it at the default endpoint.
            bool commanded = upload is not null || triggers.Exists(t => t.Kind == Triggers.TriggerKind.Manual);
            ControlOptions? control = ReadControl(root, errors) ?? (commanded ? new ControlOptions() : null);
            root.Finish();
            return errors.Count == 0 ? new RunConfig(publisher, models, cameras) { Clips = clips, Triggers = triggers, Control = control, Upload = upload } : null;
        }
    }

    private static PublisherOptions ReadPublisher(JsonFields root, string baseDirectory, List<ConfigError> errors)
    {
        var defaults = new PublisherOptions();
        if (!root.TryGet("publish", out JsonElement element))
        {
            return defaults;
        }
        JsonFields? f = JsonFields.Of(element, root.At("publish"), errors);
        if (f is null)
        {
            return defaults;
        }
        string endpoint = f.String("endpoint") ?? defaults.Endpoint;
        CheckZmqEndpoint(f, "endpoint", endpoint);
        var options = defaults with
        {
            Endpoint = endpoint,
            SendHighWatermark = f.Integer("sendHighWatermark", defaults.SendHighWatermark, 0, 10_000_000),
            Linger = Ms(f.Number("lingerMs", defaults.Linger.TotalMilliseconds, 0, 60_000)),
            HealthInterval = Ms(f.Number("healthIntervalMs", defaults.HealthInterval.TotalMilliseconds, 10, 3_600_000)),
        };
        if (f.TryGet("curve", out JsonElement curveElement) && JsonFields.Of(curveElement, f.At("curve"), errors) is { } curve)
        {
            string? secret = curve.String("secretKey");
            string? secretFile = curve.String("secretKeyFile");
            if (secret is not null && secretFile is not null)
            {
                curve.Error("secretKeyFile", "give secretKey or secretKeyFile, not both");
            }
            else if (secretFile is not null)
            {
                string full = Path.Combine(baseDirectory, secretFile);
                if (!File.Exists(full))
                {
                    curve.Error("secretKeyFile", $"file not found: {full}");
                }
                else
                {
                    secret = File.ReadAllText(full).Trim();
                    if (!ZmqCurve.IsValidKey(secret))
                    {
                        curve.Error("secretKeyFile", $"{full} does not hold a 40-character Z85 CURVE secret key");
                        secret = null;
                    }
                }
            }
            else if (secret is not null && !ZmqCurve.IsValidKey(secret))
            {
                curve.Error("secretKey", $"must be a 40-character Z85 CURVE key (got {secret.Length} characters)");
                secret = null;
            }
            else if (secret is null)
            {
                curve.Error("secretKey", "is required when curve is given (or secretKeyFile)");
            }
            List<string> clients = curve.Strings("authorizedClients");
            for (int i = 0; i < clients.Count; i++)
            {
                if (!ZmqCurve.IsValidKey(clients[i]))
                {
                    errors.Add(new ConfigError($"{curve.At("authorizedClients")}[{i}]", "must be a 40-character Z85 CURVE public key"));
                }
            }
            curve.Finish();
            options = options with { CurveSecretKey = secret, AuthorizedClients = clients };
        }
        f.Finish();
        return options;
    }

    private static Dictionary<string, ModelConfig> ReadModels(JsonFields root, string baseDirectory, ModelLoadOptions trust, List<ConfigError> errors)
    {
        var models = new Dictionary<string, ModelConfig>(StringComparer.Ordinal);
        if (!root.TryGet("models", out JsonElement element))
        {
            root.Error("models", "is required: an object of named models");
            return models;
        }
        if (JsonFields.Of(element, root.At("models"), errors) is null)
        {
            return models;
        }
        foreach (JsonProperty p in element.EnumerateObject())
        {
            JsonFields? f = JsonFields.Of(p.Value, root.At("models") + "." + p.Name, errors);
            if (f is null)
            {
                continue;
            }
            string? builtin = f.String("builtin");
            string? path = f.String("path");
            if ((builtin is null) == (path is null))
            {
                f.Error("path", "give exactly one of path (an ONNX file) or builtin");
            }
            if (builtin is not null && builtin != BuiltinSyntheticSigns)
            {
                f.Error("builtin", $"unknown builtin model \"{builtin}\" (known: {BuiltinSyntheticSigns})");
            }
            if (path is not null)
            {
                path = Path.Combine(baseDirectory, path);
                if (!File.Exists(path))
                {
                    f.Error("path", $"file not found: {path}");
                }
            }
            var defaults = new DetectorSettings();
            bool thresholds = f.Has("scoreThreshold") || f.Has("iouThreshold") || f.Has("maxDetections") || f.Has("classAgnostic");
            var settings = defaults with
            {
                ScoreThreshold = (float)f.Number("scoreThreshold", defaults.ScoreThreshold, 0, 1, exclusiveMin: true),
                IoUThreshold = (float)f.Number("iouThreshold", defaults.IoUThreshold, 0, 1, exclusiveMin: true),
                MaxDetections = f.Integer("maxDetections", defaults.MaxDetections, 1, 100_000),
                ClassAgnostic = f.Boolean("classAgnostic", defaults.ClassAgnostic),
            };
            InferenceOptions inference = ReadInference(f, baseDirectory, trust, builtin is not null, errors);
            BatchConfig? batch = ReadBatch(f, errors);
            models[p.Name] = new ModelConfig
            {
                Name = p.Name,
                Builtin = builtin,
                Path = path,
                Id = f.String("id") ?? builtin ?? p.Name,
                Version = f.String("version") ?? "",
                Classes = f.Strings("classes"),
                Inference = inference,
                Settings = thresholds ? settings : null,
                Batch = batch,
                Kernels = ReadKernels(f, inference, batch is not null),
            };
            f.Finish();
        }
        if (models.Count == 0)
        {
            root.Error("models", "must name at least one model");
        }
        return models;
    }

    private static List<CameraConfig> ReadCameras(JsonFields root, string baseDirectory, Dictionary<string, ModelConfig> models, List<ConfigError> errors)
    {
        var cameras = new List<CameraConfig>();
        if (!root.TryGet("cameras", out JsonElement element) || element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            root.Error("cameras", "is required: a non-empty array of cameras");
            return cameras;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new Dictionary<string, (int Type, long[] Dims)?>(StringComparer.Ordinal);
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string path = $"cameras[{index++}]";
            JsonFields? f = JsonFields.Of(item, path, errors);
            if (f is null)
            {
                continue;
            }
            string? id = f.String("id", required: true);
            if (id is not null && !IsTopicSafe(id))
            {
                f.Error("id", $"\"{id}\" may hold only letters, digits, '-', '_' and '.' (it is part of the topic detections/<id>)");
            }
            else if (id is not null && !ids.Add(id))
            {
                f.Error("id", $"\"{id}\" is used by another camera");
            }
            string? model = f.String("model", required: true);
            if (model is not null && !models.ContainsKey(model))
            {
                f.Error("model", $"no model named \"{model}\" in models");
            }
            ShadowConfig? shadow = ReadShadow(f, errors, out string shadowField);
            if (shadow is not null && model is not null && ShadowProblem(models, model, shadow.Model, inputs) is { } problem)
            {
                f.Error(shadowField, problem);
            }
            var defaults = new CameraPipelineOptions { CameraId = id ?? "" };
            CameraPipelineOptions pipeline = defaults with
            {
                Deadline = Ms(f.Number("deadlineMs", defaults.Deadline.TotalMilliseconds, 0, 60_000)),
                StallTimeout = Ms(f.Number("stallTimeoutMs", defaults.StallTimeout.TotalMilliseconds, 0, 3_600_000, exclusiveMin: true)),
                ReconnectInterval = Ms(f.Number("reconnectIntervalMs", defaults.ReconnectInterval.TotalMilliseconds, 0, 3_600_000, exclusiveMin: true)),
                InferQueue = f.Integer("inferQueue", defaults.InferQueue, 1, 16),
                PublishQueue = f.Integer("publishQueue", defaults.PublishQueue, 1, 16),
                Tracker = ReadCameraTracker(f, errors),
            };
            SourceConfig? source = f.TryGet("source", out JsonElement sourceElement)
                ? ReadSource(sourceElement, f.At("source"), baseDirectory, errors)
                : null;
            if (source is null && !f.Has("source"))
            {
                f.Error("source", "is required");
            }
            f.Finish();
            if (id is not null && model is not null && source is not null)
            {
                cameras.Add(new CameraConfig(id, model, source, pipeline, shadow));
            }
        }
        return cameras;
    }

    /// <summary><c>cameras[].tracker</c>: absent → the defaults (Ultralytics' bytetrack.yaml), an object → those
    /// settings, <c>false</c> → the camera does not track (no <c>tracks/&lt;camera&gt;</c>).</summary>
    private static TrackerSettings? ReadCameraTracker(JsonFields camera, List<ConfigError> errors)
    {
        if (!camera.TryGet("tracker", out JsonElement element))
        {
            return new TrackerSettings();
        }
        if (element.ValueKind == JsonValueKind.False)
        {
            return null;
        }
        return ReadTracker(element, camera.At("tracker"), errors) ?? new TrackerSettings();
    }

    private static SourceConfig? ReadSource(JsonElement element, string path, string baseDirectory, List<ConfigError> errors)
    {
        JsonFields? f = JsonFields.Of(element, path, errors);
        if (f is null)
        {
            return null;
        }
        string? kindText = f.String("kind", required: true);
        SourceKind kind;
        switch (kindText)
        {
            case "sim": kind = SourceKind.Sim; break;
            case "shm": kind = SourceKind.Shm; break;
            case "pipe": kind = SourceKind.Pipe; break;
            case "ffmpeg": kind = SourceKind.Ffmpeg; break;
            case "scenario": kind = SourceKind.Scenario; break;
            case null: return null;
            default:
                f.Error("kind", $"unknown source kind \"{kindText}\" (known: sim, shm, pipe, ffmpeg, scenario)");
                return null;
        }
        var d = new SourceConfig { Kind = kind };
        SourceConfig source = d;
        switch (kind)
        {
            case SourceKind.Sim:
                source = d with
                {
                    FramesPerSecond = f.Number("fps", d.FramesPerSecond, 0, 1000, exclusiveMin: true),
                    Width = EvenSize(f, "width", d.Width),
                    Height = EvenSize(f, "height", d.Height),
                    Seed = f.Integer("seed", d.Seed, int.MinValue, int.MaxValue),
                    FramesPerScene = f.Integer("framesPerScene", d.FramesPerScene, 1, 1_000_000),
                    Frames = f.Integer("frames", 0, 0, int.MaxValue),
                };
                break;
            case SourceKind.Shm:
                source = d with { Name = f.String("name"), RingPath = f.String("ringPath"), SocketPath = f.String("socketPath") };
                if (source.Name is null && (source.RingPath is null || source.SocketPath is null))
                {
                    f.Error("name", "is required (the producer's camera name), unless both ringPath and socketPath are given");
                }
                break;
            case SourceKind.Pipe:
                source = d with { Path = f.String("path", required: true) };
                break;
            case SourceKind.Ffmpeg:
                source = d with
                {
                    Input = f.String("input", required: true),
                    Rate = f.Number("rate", d.Rate, 0, 100),
                    Loop = f.Boolean("loop", d.Loop),
                };
                break;
            case SourceKind.Scenario:
                source = d with { Path = f.String("path", required: true) is { } scenario ? Path.Combine(baseDirectory, scenario) : null };
                break;
        }
        f.Finish();
        return source;
    }

    private static int EvenSize(JsonFields f, string name, int fallback)
    {
        int v = f.Integer(name, fallback, 16, 8192);
        if ((v & 1) != 0)
        {
            f.Error(name, $"must be even (got {v})");
            return fallback;
        }
        return v;
    }

    private static bool IsTopicSafe(string id)
    {
        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }
        return id.Length > 0;
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);
}
