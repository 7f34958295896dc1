using Microsoft.ML.OnnxRuntime;
using Onboard.Kernels;
using Onboard.Models.Graph;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onnx;

namespace Onboard.Runtime.Inference;

/// <summary>Opening: trust checks, provider chain, session options, binding, warm-up.</summary>
public sealed partial class DetectorSession
{
    private DetectorSession(LoadedModel model, InferenceSession session, ProviderSelection providers, long[] inputShape, InferenceOptions options)
    {
        Model = model;
        Providers = providers;
        _session = session;
        _time = options.Time;
        _runOptions = new RunOptions();
        _binding = session.CreateIoBinding();
        ValueInfoProto inputInfo = InputInfo(model);
        _input = new BoundTensor(inputInfo.Name, inputShape, ElementType(model.Path, inputInfo));
        _binding.BindInput(_input.Name, _input.Value);

        var outputs = model.Model.Graph.Output;
        var shapes = new long[outputs.Count][];
        bool allStatic = true;
        for (int i = 0; i < outputs.Count; i++)
        {
            shapes[i] = GraphValues.Dims(outputs[i]);
            allStatic &= shapes[i].Length > 0 && Array.TrueForAll(shapes[i], d => d > 0);
        }
        if (!allStatic)
        {
            // Output shapes depend on the input size fixed at open: one run with ORT-allocated outputs tells
            // them. It is the cold run.
            long t0 = _time.GetTimestamp();
            ProbeOutputShapes(shapes);
            ColdRunTime = _time.GetElapsedTime(t0);
        }
        if (inputShape[0] > 1)
        {
            CheckBatchedOutputs(model, shapes, inputShape[0]);
        }
        _outputs = new BoundTensor[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
        {
            _outputs[i] = new BoundTensor(outputs[i].Name, shapes[i], ElementType(model.Path, outputs[i]));
            _binding.BindOutput(_outputs[i].Name, _outputs[i].Value);
        }
        for (int i = allStatic ? 0 : 1; i < options.WarmupRuns; i++)
        {
            long t0 = _time.GetTimestamp();
            RunCore();
            if (ColdRunTime == TimeSpan.Zero)
            {
                ColdRunTime = _time.GetElapsedTime(t0);
            }
        }
        WarmupRuns = Math.Max(options.WarmupRuns, allStatic ? 0 : 1);
    }

    /// <summary>
    /// Opens <paramref name="path"/>: verifies it (and its manifest) per <see cref="InferenceOptions.Trust"/>,
    /// walks the provider chain, binds fixed-shape tensors and warms up. Throws <see cref="ModelLoadException"/>
    /// naming the file and the problem, or <see cref="ExecutionProviderUnavailableException"/> when no provider
    /// of the chain can run it.
    /// </summary>
    public static DetectorSession Open(string path, InferenceOptions? options = null)
    {
        options ??= new InferenceOptions();
        LoadedModel model = ModelLoader.Load(path, options.Trust);
        foreach (string w in model.Warnings)
        {
            options.Log.WriteLine("warning: " + w);
        }
        ValueInfoProto inputInfo = InputInfo(model);
        long[] inputShape = ResolveInputShape(model, inputInfo, options);
        bool loadOptimized = options.OptimizedModelPath is not null && OptimizedIsCurrent(options.OptimizedModelPath, model.Sha256);
        InferenceSession session = ProviderChain.Create(
            options,
            path,
            () => CreateSessionOptions(options, inputInfo, inputShape, loadOptimized),
            so => loadOptimized ? new InferenceSession(options.OptimizedModelPath!, so) : new InferenceSession(model.Bytes, so),
            out ProviderSelection selection);
        try
        {
            if (options.OptimizedModelPath is not null && !loadOptimized && File.Exists(options.OptimizedModelPath))
            {
                File.WriteAllText(options.OptimizedModelPath + StampSuffix, model.Sha256);
            }
            return new DetectorSession(model, session, selection, inputShape, options) { OptimizedModelLoaded = loadOptimized };
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    // The optimised file is trusted only with a stamp holding the source model's hash written next to it.
    private const string StampSuffix = ".source-sha256";

    private static bool OptimizedIsCurrent(string optimized, string sourceSha256) =>
        File.Exists(optimized) && File.Exists(optimized + StampSuffix)
        && File.ReadAllText(optimized + StampSuffix).Trim() == sourceSha256;

    private static SessionOptions CreateSessionOptions(InferenceOptions options, ValueInfoProto input, long[] shape, bool loadOptimized)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = options.OptimizationLevel,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = options.CpuMemoryArena,
            EnableMemoryPattern = options.MemoryPattern,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            // Fixing symbolic dimensions lets the optimiser plan for the real shape (and TensorRT build one engine).
            var dims = input.Type?.TensorType?.Shape?.Dim;
            for (int i = 0; dims is not null && i < dims.Count && i < shape.Length; i++)
            {
                if (!dims[i].HasDimValue && !string.IsNullOrEmpty(dims[i].DimParam))
                {
                    so.AddFreeDimensionOverrideByName(dims[i].DimParam, shape[i]);
                }
            }
            if (options.DeterministicCompute)
            {
                OrtNative.SetDeterministicCompute(so, true);
            }
            if (loadOptimized)
            {
                // Already optimised for this model: loading it skips the graph transformations.
                so.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
            }
            else if (options.OptimizedModelPath is not null)
            {
                so.OptimizedModelFilePath = options.OptimizedModelPath;
            }
            return so;
        }
        catch
        {
            so.Dispose();
            throw;
        }
    }

    private static ValueInfoProto InputInfo(LoadedModel model)
    {
        var inputs = GraphValues.RealInputs(model.Model.Graph);
        if (inputs.Count != 1)
        {
            throw new ModelLoadException(model.Path, $"expected one image input, found {inputs.Count} ({string.Join(", ", inputs.Select(i => i.Name))})");
        }
        return inputs[0];
    }

    private static long[] ResolveInputShape(LoadedModel model, ValueInfoProto input, InferenceOptions options)
    {
        long[] declared = GraphValues.Dims(input);
        long[] shape = options.InputShape ?? model.Manifest.Input.Shape;
        if (shape.Length == 0)
        {
            shape = declared;
        }
        if (options.BatchSize > 0 && shape.Length == declared.Length && shape.Length > 0)
        {
            shape = (long[])shape.Clone();
            shape[0] = options.BatchSize;
            if (declared[0] > 0 && declared[0] != options.BatchSize)
            {
                throw new ModelLoadException(model.Path,
                    $"batch: input '{input.Name}' is {ManifestVerifier.Format(declared)}, its batch axis fixed at {declared[0]}, so it cannot run {options.BatchSize} images at once; " +
                    "export it with a dynamic batch axis (onboard model build … --batch dynamic for the generated models)");
            }
        }
        if (shape.Length != declared.Length || Array.Exists(shape, d => d <= 0))
        {
            throw new ModelLoadException(model.Path,
                $"input.shape: input '{input.Name}' is {ManifestVerifier.Format(declared)} with dynamic dimensions; fix them with input.shape in the manifest or the input size option (got {ManifestVerifier.Format(shape)})");
        }
        for (int i = 0; i < shape.Length; i++)
        {
            if (declared[i] > 0 && declared[i] != shape[i])
            {
                throw new ModelLoadException(model.Path,
                    $"input.shape: {ManifestVerifier.Format(shape)} does not fit input '{input.Name}' {ManifestVerifier.Format(declared)}");
            }
        }
        return (long[])shape.Clone();
    }

    private static TensorElementType ElementType(string path, ValueInfoProto value)
    {
        int type = GraphValues.ElementType(value);
        TensorElementType element = TensorDataType.ToElementType(type);
        // Integer tensors: counts, classes and selected indices of models with NMS in the graph.
        return element != TensorElementType.Other
            ? element
            : throw new ModelLoadException(path, $"'{value.Name}' is {TensorDataType.Name(type)}; sessions bind float32, float16, uint8, int32 or int64 tensors");
    }

    /// <summary>A batched run is decoded image by image: every output needs the batch on axis 0.</summary>
    private static void CheckBatchedOutputs(LoadedModel model, long[][] shapes, long batch)
    {
        var outputs = model.Model.Graph.Output;
        for (int i = 0; i < shapes.Length; i++)
        {
            if (shapes[i].Length == 0 || shapes[i][0] != batch)
            {
                throw new ModelLoadException(model.Path,
                    $"batch: output '{outputs[i].Name}' is {ManifestVerifier.Format(shapes[i])} at batch {batch}; batched runs need every output's batch on axis 0");
            }
        }
    }

    private void ProbeOutputShapes(long[][] shapes)
    {
        var outputs = Model.Model.Graph.Output;
        foreach (var o in outputs)
        {
            _binding.BindOutputToDevice(o.Name, OrtMemoryInfo.DefaultInstance);
        }
        _input.StageIn();
        _session.RunWithBinding(_runOptions, _binding);
        using (var values = _binding.GetOutputValues())
        {
            for (int i = 0; i < values.Count; i++)
            {
                shapes[i] = values[i].GetTensorTypeAndShape().Shape;
            }
        }
        _binding.ClearBoundOutputs();
    }
}
