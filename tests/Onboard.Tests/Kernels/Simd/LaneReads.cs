namespace Onboard.Tests.Kernels.Simd;

/// <summary>Little-endian lane reads from a byte array.</summary>
internal static class LaneReads
{
    public static int I32(this byte[] b, int i) => BitConverter.ToInt32(b, 4 * i);

    public static short I16(this byte[] b, int i) => BitConverter.ToInt16(b, 2 * i);
}
