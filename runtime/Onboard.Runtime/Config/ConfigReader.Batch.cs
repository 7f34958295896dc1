using System.Text.Json;
using Onboard.Models.Graph;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Runtime.Pipeline;
using Onnx;

namespace Onboard.Runtime.Config;

/// <summary>A model's <c>batch</c>: read with the model, then checked against the cameras that use it and the model's batch axis.</summary>
public static partial class ConfigReader
{
    /// <summary>Reads <c>models.NAME.batch</c>; a size of 0 stands for "the cameras that use the model", settled by <see cref="CheckBatches"/>.</summary>
    private static BatchConfig? ReadBatch(JsonFields model, List<ConfigError> errors)
    {
        if (!model.TryGet("batch", out JsonElement element) || JsonFields.Of(element, model.At("batch"), errors) is not { } f)
        {
            return null;
        }
        var defaults = new BatchOptions();
        int size = f.Integer("size", 0, 2, CameraBatcher.MaxBatchSize);
        double timeoutMs = f.Number("timeoutMs", defaults.Timeout.TotalMilliseconds, 0, 1000);
        f.Finish();
        return new BatchConfig(size, Ms(timeoutMs));
    }

    /// <summary>
    /// One image per camera: a batched model needs two or more cameras, its size (when given) is their number,
    /// and its input's batch axis must be dynamic or exactly that size.
    /// </summary>
    private static void CheckBatches(JsonFields root, Dictionary<string, ModelConfig> models, List<CameraConfig> cameras, List<ConfigError> errors)
    {
        foreach (ModelConfig model in models.Values.ToArray())
        {
            if (model.Batch is not { } batch)
            {
                continue;
            }
            string at = root.At("models") + "." + model.Name + ".batch";
            string[] users = cameras.Where(c => c.Model == model.Name).Select(c => c.Id).ToArray();
            if (users.Length < 2)
            {
                errors.Add(new ConfigError(at, (users.Length == 0 ? "no camera uses" : $"only camera \"{users[0]}\" uses") +
                    $" model \"{model.Name}\"; batching runs two or more cameras' frames at once"));
                continue;
            }
            if (batch.Size != 0 && batch.Size != users.Length)
            {
                errors.Add(new ConfigError(at + ".size",
                    $"is {batch.Size}, but {users.Length} cameras use model \"{model.Name}\" ({string.Join(", ", users)}); a batch holds one frame per camera, so its size is their number (or leave it out)"));
                continue;
            }
            if (users.Length > CameraBatcher.MaxBatchSize)
            {
                errors.Add(new ConfigError(at, $"{users.Length} cameras use model \"{model.Name}\"; a batch holds at most {CameraBatcher.MaxBatchSize}"));
                continue;
            }
            if (model.Path is not null && File.Exists(model.Path) && BatchAxisProblem(model.Path, users.Length) is { } problem)
            {
                errors.Add(new ConfigError(at, problem));
                continue;
            }
            models[model.Name] = model with { Batch = batch with { Size = users.Length } };
        }
    }

    /// <summary>Why the model at <paramref name="path"/> cannot run <paramref name="size"/> cameras' frames in one batch; null if it can.</summary>
    private static string? BatchAxisProblem(string path, int size)
    {
        ModelProto model;
        try
        {
            model = OnnxModelReader.Read(path);
        }
        catch (ModelLoadException e)
        {
            return "cannot check the model's batch axis: " + e.Message;
        }
        List<ValueInfoProto> inputs = GraphValues.RealInputs(model.Graph);
        if (inputs.Count != 1)
        {
            return $"the model has {inputs.Count} inputs; a batched detector takes one image input";
        }
        ValueInfoProto input = inputs[0];
        long[] dims = GraphValues.Dims(input);
        if (GraphValues.ElementType(input) == TensorDataType.UInt8)
        {
            return $"model input '{input.Name}' {ManifestVerifier.Format(dims)} takes raw uint8 frames (preprocessing composed in); " +
                "batching runs models whose frames are preprocessed on the host (float input)";
        }
        if (dims.Length == 0 || dims[0] < 0 || dims[0] == size)
        {
            return null;
        }
        return $"model input '{input.Name}' is {ManifestVerifier.Format(dims)}: its batch axis is fixed at {dims[0]}, so it cannot run " +
            $"the {size} cameras' frames in one batch; use a model with a dynamic batch axis (onboard model build … --batch dynamic for the generated ones)";
    }
}
