using Onboard.Runtime.Upload.Envelope;

namespace Onboard.Runtime.Upload.Spool;

/// <summary>
/// A clip being written straight into the spool, encrypted as it is written: the recorder writes its MCAP bytes
/// into <see cref="Stream"/>, then calls <see cref="Commit"/>. Only ciphertext touches the disk, in a temp file that
/// becomes <c>&lt;clip id&gt;.mcap.enc</c> at commit; disposed without a commit (or after a crash), the temp file is removed.
/// </summary>
internal sealed class SpoolClipWriter : IDisposable
{
    private readonly UploadSpool _spool;
    private readonly ClipInfo _info;
    private readonly FileStream _file;
    private readonly ClipEncryptingStream _sealing;
    private bool _done;

    internal SpoolClipWriter(UploadSpool spool, ClipInfo info, CloudPublicKey key, int segmentSize)
    {
        _spool = spool;
        _info = info;
        TempPath = spool.CiphertextPath(info.ClipId) + DurableFile.TempSuffix;
        _file = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            _sealing = new ClipEncryptingStream(_file, key, segmentSize, leaveOpen: true);
        }
        catch
        {
            _file.Dispose();
            File.Delete(TempPath);
            throw;
        }
    }

    internal string TempPath { get; }

    /// <summary>Write the clip's plaintext here (write-only, forward-only).</summary>
    public Stream Stream => _sealing;

    /// <summary>Seals the clip, makes it durable and applies the quota (evicting, or refusing it with the reason).</summary>
    public SpoolAdmission Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        // Not done until the envelope is on disk: a failure here (a full disk) leaves Dispose to remove the temp file.
        EnvelopeSummary summary = _sealing.Complete();
        _file.Flush(flushToDisk: true);
        _done = true;
        _sealing.Dispose();
        _file.Dispose();
        return _spool.Commit(TempPath, _info, summary);
    }

    public void Dispose()
    {
        if (_done)
        {
            return;
        }
        _done = true;
        try
        {
            try
            {
                _sealing.Dispose();
            }
            finally
            {
                _file.Dispose();
            }
        }
        catch (IOException)
        {
            // Flushing what is being thrown away failed (the disk is full: the usual reason we are here); the handle is
            // closed all the same, and the temp file must go so that its space comes back.
        }
        finally
        {
            File.Delete(TempPath);
            _spool.Abandon(_info.ClipId);
        }
    }
}
