using Google.Protobuf;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Config;

/// <summary>Opens a configured model as a pipeline engine: one ONNX Runtime session per camera.</summary>
public static class EngineLoader
{
    /// <summary>Opens <paramref name="model"/>; builtin models are generated into <paramref name="workDirectory"/> first.</summary>
    public static DetectorEngine Open(ModelConfig model, string workDirectory)
    {
        string path = model.Path ?? BuiltinPath(model.Builtin!, workDirectory);
        return new DetectorEngine(DetectorSession.Open(path, new InferenceOptions { IntraOpThreads = model.IntraOpThreads }), model.Settings);
    }

    /// <summary>The class names subscribers see: configured ones, else the builtin model's own.</summary>
    public static IReadOnlyList<string> ClassNames(ModelConfig model) =>
        model.Classes.Count > 0 || model.Builtin is null ? model.Classes : SyntheticSignCatalog.ClassNames;

    private static string BuiltinPath(string builtin, string workDirectory)
    {
        if (builtin != ConfigReader.BuiltinSyntheticSigns)
        {
            throw new ArgumentException($"unknown builtin model '{builtin}'", nameof(builtin));
        }
        string path = System.IO.Path.Combine(workDirectory, builtin + ".onnx");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, SyntheticSignDetector.Build().ToByteArray());
        }
        return path;
    }
}
