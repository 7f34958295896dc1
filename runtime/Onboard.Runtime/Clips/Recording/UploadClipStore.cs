using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Envelope;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// With <c>upload</c> configured: each clip is encrypted as it is written, straight into the upload spool
/// (<see cref="SpoolClipWriter"/>: only ciphertext touches the disk), admitted by the spool's quota, and the uploader
/// is woken for it.
/// </summary>
internal sealed class UploadClipStore(Uploader uploader, CloudPublicKey cloudKey) : IClipStore
{
    public string Directory => uploader.Spool.Directory;

    public int TempFilesRemoved => uploader.Spool.Recovery.TempFilesRemoved;

    public ClipStored Store(ClipInfo info, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using SpoolClipWriter writer = uploader.Spool.CreateClip(info, cloudKey);
        write(writer.Stream);
        SpoolAdmission admission = writer.Commit();
        if (admission.Admitted)
        {
            uploader.Notify();
        }
        return new ClipStored(info.ClipId, admission.Admitted, admission.Evicted, admission.RefusedReason, admission.Entry?.CiphertextBytes ?? 0);
    }
}
