using System.Diagnostics.CodeAnalysis;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>Throwing kept out of the writer's per-message methods so they stay small.</summary>
internal static class McapThrowHelper
{
    [DoesNotReturn]
    public static void ThrowUnknownChannel(ushort channelId) =>
        throw new ArgumentException($"channel {channelId} was never added to this MCAP writer", nameof(channelId));

    [DoesNotReturn]
    public static void ThrowUnknownSchema(ushort schemaId) =>
        throw new ArgumentException($"schema {schemaId} was never added to this MCAP writer", nameof(schemaId));

    [DoesNotReturn]
    public static void ThrowFinished() =>
        throw new InvalidOperationException("the MCAP writer has finished its file; nothing more can be written");

    [DoesNotReturn]
    public static void ThrowTooMany(string what) =>
        throw new InvalidOperationException($"an MCAP file holds at most 65535 {what} (ids are uint16)");

    [DoesNotReturn]
    public static void ThrowTooLarge(long bytes) =>
        throw new InvalidOperationException($"an MCAP chunk of {bytes} bytes exceeds what one buffer can hold; lower the chunk size or the message size");

    [DoesNotReturn]
    public static void ThrowCompressionFailed(string compression, int bytes) =>
        throw new InvalidOperationException($"{compression} compression of a {bytes}-byte chunk failed");
}
