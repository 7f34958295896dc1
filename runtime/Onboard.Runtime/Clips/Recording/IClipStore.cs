using Onboard.Runtime.Upload.Spool;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// Where finished clips go: <c>clips.spool</c> as plaintext <c>&lt;clip id&gt;.mcap</c> (<see cref="PlainClipStore"/>),
/// or, with <c>upload</c> configured, encrypted into the upload spool (<see cref="UploadClipStore"/>). Either way the
/// file appears whole or not at all and <see cref="SpoolQuota"/> — the one quota rule — admits it.
/// </summary>
internal interface IClipStore
{
    /// <summary>The directory clips land in.</summary>
    string Directory { get; }

    /// <summary>Temporary files of clips cut short (SIGKILL, power loss) removed when the store was opened.</summary>
    int TempFilesRemoved { get; }

    /// <summary>Writes a clip: <paramref name="write"/> writes its MCAP bytes; the file is then committed under the quota.</summary>
    ClipStored Store(ClipInfo info, Action<Stream> write);
}
