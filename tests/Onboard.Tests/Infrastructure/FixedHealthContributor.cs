using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Tests.Infrastructure;

/// <summary>A process-wide Health part that is always the same upload snapshot.</summary>
public sealed class FixedHealthContributor(UploadHealth upload) : IHealthContributor
{
    public void Contribute(Health health) => health.Upload = upload;
}
