using Microsoft.ML.OnnxRuntime;
using Onboard.Models.Loading;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Walks the configured provider chain: for each provider, fresh session options, append it (absence or a
/// library that fails to load is a reason, not a crash), create the session (a provider that loads but
/// cannot build this model is a reason too), and stop at the first that works. Every skipped provider's
/// reason is recorded in the <see cref="ProviderSelection"/> and logged once per process.
/// </summary>
internal static class ProviderChain
{
    public static InferenceSession Create(
        InferenceOptions options,
        string modelPath,
        Func<SessionOptions> configure,
        Func<SessionOptions, InferenceSession> create,
        out ProviderSelection selection)
    {
        var attempts = new List<ProviderAttempt>(options.ExecutionProviders.Count);
        foreach (string requested in options.ExecutionProviders)
        {
            string ortName = ExecutionProviders.OrtName(requested);
            using SessionOptions so = configure();
            string? reason = ExecutionProviders.TryAppend(so, requested, options, out IReadOnlyList<string> missing);
            InferenceSession? session = null;
            if (reason is null)
            {
                try
                {
                    session = create(so);
                }
                catch (OnnxRuntimeException e) when (requested != ExecutionProviders.Cpu)
                {
                    reason = $"{ortName} loaded but could not create the session: {e.Message.ReplaceLineEndings(" ")}";
                }
                catch (OnnxRuntimeException e)
                {
                    // The CPU provider runs every standard op: its refusal is the model's fault.
                    throw new ModelLoadException(modelPath, "ONNX Runtime refused it: " + e.Message, e);
                }
            }
            attempts.Add(new ProviderAttempt(requested, ortName, reason, missing));
            if (session is not null)
            {
                selection = new ProviderSelection(ortName, attempts);
                return session;
            }
            ExecutionProviders.ReportOnce(options.Log, $"execution provider {requested} unavailable: {reason}");
        }
        throw new ExecutionProviderUnavailableException(attempts);
    }
}
