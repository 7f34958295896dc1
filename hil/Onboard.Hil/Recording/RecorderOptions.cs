namespace Onboard.Hil.Recording;

/// <summary>What the recorder writes besides the pipeline's messages.</summary>
public sealed record RecorderOptions
{
    /// <summary>Frames as foxglove.CompressedImage JPEG instead of lossless foxglove.RawImage (bgr8): smaller, but a replay is then not exact.</summary>
    public bool Jpeg { get; init; }

    public int JpegQuality { get; init; } = 90;

    /// <summary>Buffers each camera's frames may wait in for the recorder before images are dropped (the pipeline never waits).</summary>
    public int PooledFrames { get; init; } = 16;
}
