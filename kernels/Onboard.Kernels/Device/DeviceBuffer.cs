using ILGPU;
using ILGPU.Runtime;

namespace Onboard.Kernels.Device;

/// <summary>A device allocation that grows to the largest length asked for and is reused after that, so a steady
/// stream of same-sized frames allocates nothing on the device.</summary>
internal sealed class DeviceBuffer<T>(Accelerator accelerator) : IDisposable
    where T : unmanaged
{
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    /// <summary>The first <paramref name="length"/> elements (at least one is allocated).</summary>
    public ArrayView<T> Ensure(long length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            _buffer?.Dispose();
            _buffer = accelerator.Allocate1D<T>(Math.Max(1, length));
        }
        return _buffer.View.SubView(0, Math.Max(1, length));
    }

    public void Dispose() => _buffer?.Dispose();
}
