using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>One camera's recorder: what its clips are encoded as, how much it buffers, and whose models they name.</summary>
internal sealed record RecorderOptions
{
    public required string CameraId { get; init; }
    public required long PreBufferBytes { get; init; }
    public int JpegQuality { get; init; } = 85;

    /// <summary>Downscale to this width first (0: as captured).</summary>
    public int Width { get; init; }

    public required EngineInfo Primary { get; init; }
    public EngineInfo? Shadow { get; init; }
    public int MaxTracks { get; init; }

    /// <summary>Frames waiting to be encoded before the recorder drops the oldest (it fell behind).</summary>
    public int PixelQueue { get; init; } = 4;
}
