using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Frames.PipeIngest;

/// <summary>Writes frames in <see cref="PipeFrameFormat"/> to a stream (a pipe, a socket, a file): the
/// writing side for .NET producers, tests and benchmarks. Allocates nothing per frame.</summary>
internal sealed class PipeFrameWriter(Stream output)
{
    private readonly byte[] _header = new byte[PipeFrameFormat.HeaderBytes];
    private readonly byte[] _trailer = new byte[PipeFrameFormat.TrailerBytes];

    /// <summary>Writes one frame; <paramref name="pixels"/> must hold exactly the frame's bytes.</summary>
    public void Write(in FrameDescriptor frame, ReadOnlySpan<byte> pixels)
    {
        long bytes = PixelFormatInfo.FrameBytes(frame.Format, frame.Width, frame.Height, frame.Stride);
        if (pixels.Length != bytes)
        {
            throw new ArgumentException($"{pixels.Length} pixel bytes for a frame of {bytes}", nameof(pixels));
        }
        PipeFrameFormat.WriteHeader(_header, frame);
        PipeFrameFormat.WriteTrailer(_trailer, frame.Sequence);
        output.Write(_header);
        output.Write(pixels);
        output.Write(_trailer);
    }
}
