using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// A copy of one frame's pixels for the recorder, in the camera's own format and stride (conversion and JPEG
/// encoding happen on the recorder thread). The buffer grows to the frame size once and is reused.
/// </summary>
internal sealed class PixelSlot
{
    private byte[] _data = [];
    private int _length;

    public ulong Sequence { get; private set; }
    public long CaptureMonoNs { get; private set; }
    public long CaptureUtcNs { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public int Stride { get; private set; }
    public PixelFormat Format { get; private set; }

    public ImageView View => new(_data.AsSpan(0, _length), Width, Height, Format, Stride);

    /// <summary>Makes room for frames of <paramref name="bytes"/> bytes.</summary>
    public void Reserve(int bytes)
    {
        if (_data.Length < bytes)
        {
            _data = GC.AllocateUninitializedArray<byte>(bytes);
        }
    }

    /// <summary>Ingest thread: copies <paramref name="view"/> (a memory copy; nothing is converted here).</summary>
    public void Fill(scoped in ImageView view, ulong sequence, long captureMonoNs, long captureUtcNs)
    {
        Reserve(view.Data.Length);
        view.Data.CopyTo(_data);
        _length = view.Data.Length;
        Sequence = sequence;
        CaptureMonoNs = captureMonoNs;
        CaptureUtcNs = captureUtcNs;
        Width = view.Width;
        Height = view.Height;
        Stride = view.Stride;
        Format = view.Format;
    }
}
