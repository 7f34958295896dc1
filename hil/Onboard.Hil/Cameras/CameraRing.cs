using System.Globalization;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Cameras;

/// <summary>What every camera producer does around its frame loop: start camera NAME's ring (paths
/// derived from the name unless overridden) and print the <c>ready …</c> and <c>stopped …</c> lines that
/// scripts and tests wait for.</summary>
internal static class CameraRing
{
    public static FrameRingProducer Start(string name, long frameBytes, int slotCount, string? ringPath, string? socketPath, MonotonicClock clock)
    {
        var ring = FrameRingOptions.ForCamera(name, frameBytes) with { SlotCount = slotCount };
        return FrameRingProducer.Start(ring with { RingPath = ringPath ?? ring.RingPath, SocketPath = socketPath ?? ring.SocketPath }, clock);
    }

    /// <summary><paramref name="details"/> continues the line (format, size, rate…).</summary>
    public static void WriteReady(TextWriter output, string name, FrameRingProducer producer, PixelFormat format, string details)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ready camera={name} ring={producer.RingPath} socket={producer.SocketPath} session={producer.SessionId:x16} format={PixelFormatInfo.Name(format)} {details} slots={producer.SlotCount}"));
        output.Flush();
    }

    public static void WriteStopped(TextWriter output, string name, FrameRingProducer producer, string suffix = "")
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stopped camera={name} frames={producer.Published} consumers={producer.ConsumersAccepted} lost={producer.ConsumersLost} descriptors-dropped={producer.DescriptorsDropped}{suffix}"));
        output.Flush();
    }
}
