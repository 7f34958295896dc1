using System.Text.Json;
using Onboard.Models.Graph;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Models.Synthetic;
using Onnx;

namespace Onboard.Runtime.Config;

/// <summary>A camera's <c>shadow</c>: a second model run on the camera model's preprocessed tensor, checked against it.</summary>
public static partial class ConfigReader
{
    /// <summary>
    /// <c>"shadow": "MODEL"</c>, or <c>"shadow": { "model": "MODEL", "preempt": true }</c>; <paramref name="modelField"/>
    /// is where the model's name was read, for errors about it.
    /// </summary>
    private static ShadowConfig? ReadShadow(JsonFields camera, List<ConfigError> errors, out string modelField)
    {
        modelField = "shadow";
        if (!camera.TryGet("shadow", out JsonElement element))
        {
            return null;
        }
        if (element.ValueKind == JsonValueKind.String)
        {
            return camera.String("shadow", required: true) is { } name ? new ShadowConfig(name) : null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            camera.Error("shadow", $"expected a model name or {{ \"model\": NAME, \"preempt\": BOOL }}, got {JsonFields.Describe(element)}");
            return null;
        }
        JsonFields f = JsonFields.Of(element, camera.At("shadow"), errors)!;
        modelField = "shadow.model";
        string? model = f.String("model", required: true);
        bool preempt = f.Boolean("preempt", false);
        f.Finish();
        return model is null ? null : new ShadowConfig(model, preempt);
    }

    /// <summary>
    /// Why <paramref name="shadow"/> cannot shadow <paramref name="primary"/> on one camera; null if it can.
    /// <paramref name="inputs"/> keeps each model's input once read, so a model file is parsed once however many cameras name it.
    /// </summary>
    private static string? ShadowProblem(Dictionary<string, ModelConfig> models, string primary, string shadow,
        Dictionary<string, (int Type, long[] Dims)?> inputs)
    {
        if (!models.TryGetValue(shadow, out ModelConfig? s))
        {
            return $"no model named \"{shadow}\" in models";
        }
        if (shadow == primary)
        {
            return $"is the camera's own model \"{primary}\"; a shadow is a second model (give it an entry of its own in models, e.g. with other thresholds)";
        }
        if (!models.TryGetValue(primary, out ModelConfig? p))
        {
            return null;   // the camera's model is reported on its own
        }
        if (p.Batch is not null)
        {
            return $"the camera's model \"{primary}\" is batched across cameras (models.{primary}.batch); a shadow runs on one camera's " +
                "preprocessed frame, so a batched model cannot have one";
        }
        if (s.Batch is not null)
        {
            return $"model \"{shadow}\" is batched across cameras (models.{shadow}.batch); a shadow model runs one camera's frames alone";
        }
        if (p.Kernels == KernelPlacement.Device)
        {
            return $"the camera's model \"{primary}\" runs kernels \"device\" (models.{primary}.kernels); a shadow reads the host tensor, so it needs kernels \"host\"";
        }
        if (Input(p) is not { } pi || Input(s) is not { } si)
        {
            return null;   // a missing or unreadable file is reported with its model
        }
        if (pi.Type == TensorDataType.UInt8)
        {
            return $"the camera's model \"{primary}\" takes raw uint8 frames {ManifestVerifier.Format(pi.Dims)} (preprocessing composed in), " +
                "so there is no preprocessed tensor to feed a shadow";
        }
        if (pi.Type != si.Type || !pi.Dims.SequenceEqual(si.Dims))
        {
            return $"model \"{shadow}\" takes {Describe(si)} but the camera's model \"{primary}\" takes {Describe(pi)}; a shadow runs on " +
                "the primary's preprocessed tensor, so their inputs must match";
        }
        return null;

        (int Type, long[] Dims)? Input(ModelConfig model)
        {
            if (!inputs.TryGetValue(model.Name, out (int Type, long[] Dims)? input))
            {
                inputs[model.Name] = input = InputOf(model);
            }
            return input;
        }
    }

    /// <summary>A model's one image input as its sessions will bind it: the builtin's known input, or the file's (with a configured inputShape).</summary>
    private static (int Type, long[] Dims)? InputOf(ModelConfig model)
    {
        if (model.Builtin is not null)
        {
            int size = SyntheticSignDetector.DefaultInputSize;
            return (TensorDataType.Float32, [1, 3, size, size]);
        }
        if (model.Path is null || !File.Exists(model.Path))
        {
            return null;
        }
        try
        {
            List<ValueInfoProto> inputs = GraphValues.RealInputs(OnnxModelReader.Read(model.Path).Graph);
            return inputs.Count == 1 ? (GraphValues.ElementType(inputs[0]), model.Inference.InputShape ?? GraphValues.Dims(inputs[0])) : null;
        }
        catch (ModelLoadException)
        {
            return null;
        }
    }

    private static string Describe((int Type, long[] Dims) input) =>
        $"{TensorDataType.Name(input.Type)} {ManifestVerifier.Format(input.Dims)}";
}
