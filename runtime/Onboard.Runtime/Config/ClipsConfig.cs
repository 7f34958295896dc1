namespace Onboard.Runtime.Config;

/// <summary>
/// <c>clips</c>: where clips land (<see cref="Spool"/>; with <c>upload</c> configured they are encrypted into the
/// upload spool instead), the spool's quota, each camera's pre-buffer memory, and how frames are encoded
/// (<see cref="JpegQuality"/>, <see cref="Width"/>: downscale to this width first, 0: as captured).
/// </summary>
public sealed record ClipsConfig
{
    public string Spool { get; init; } = "clips";
    public double QuotaMb { get; init; } = 1024;
    public double PreBufferMb { get; init; } = 64;
    public int JpegQuality { get; init; } = 85;
    public int Width { get; init; }
}
