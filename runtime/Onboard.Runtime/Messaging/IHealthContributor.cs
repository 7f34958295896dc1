using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// A process-wide part of every camera's <see cref="Health"/> (the uploader's numbers, say), added with
/// <see cref="Hosting.PipelineHost.AddHealthContributor"/>. Called on the publish thread for each report: it must not
/// block, and should not allocate (hand over a snapshot built elsewhere).
/// </summary>
public interface IHealthContributor
{
    void Contribute(Health health);
}
