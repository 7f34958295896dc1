using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Tests.Infrastructure;

/// <summary>A camera's trigger and recorder part of Health (fields 44, 45), always the same: every field set.</summary>
public sealed class FixedTriggerHealthContributor : IHealthContributor
{
    public static TriggerHealth Trigger { get; } = new() { TriggerId = "disagree", Kind = "shadowDisagreement", Fired = 44, SuppressedCooldown = 45, SuppressedBudget = 46, ClipsWritten = 47 };

    public static ClipRecorderHealth Clips { get; } = new()
    {
        BufferedFrames = 1, BufferedBytes = 2, FramesEvicted = 3, FramesDropped = 4, EncodeErrors = 5, FramesEncoded = 6,
        ClipsWritten = 7, ClipWriteErrors = 8, ClipsRefused = 9, ClipsEvicted = 10, TempFilesRemoved = 11,
    };

    public void Contribute(Health health)
    {
        ArgumentNullException.ThrowIfNull(health);
        if (health.Triggers.Count == 0)
        {
            health.Triggers.Add(Trigger);
        }
        health.Clips = Clips;
    }
}
