using System.Buffers;
using System.Net;

namespace Onboard.Runtime.Upload.Transfer;

/// <summary>
/// An HTTP body that streams one region of a file (a PATCH chunk) in small pieces: never the whole clip in memory,
/// each piece through the bandwidth cap, and each piece written counts as progress for the stall timeout.
/// </summary>
internal sealed class FileRegionContent : HttpContent
{
    private const int PieceSize = 64 * 1024;
    private readonly string _path;
    private readonly long _offset;
    private readonly long _count;
    private readonly TokenBucket? _bucket;
    private readonly Action<int> _progress;

    public FileRegionContent(string path, long offset, long count, TokenBucket? bucket, Action<int> progress)
    {
        _path = path;
        _offset = offset;
        _count = count;
        _bucket = bucket;
        _progress = progress;
        Headers.TryAddWithoutValidation("Content-Type", "application/offset+octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(PieceSize);
        try
        {
            await CopyAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CopyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        file.Position = _offset;
        long left = _count;
        while (left > 0)
        {
            int n = (int)Math.Min(PieceSize, left);
            if (_bucket is not null)
            {
                await _bucket.TakeAsync(n, cancellationToken).ConfigureAwait(false);
            }
            int got = await file.ReadAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                throw new IOException($"{_path} ended at byte {_offset + _count - left}, before the {_count}-byte chunk at {_offset} was read");
            }
            await stream.WriteAsync(buffer.AsMemory(0, got), cancellationToken).ConfigureAwait(false);
            left -= got;
            _progress(got);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _count;
        return true;
    }
}
