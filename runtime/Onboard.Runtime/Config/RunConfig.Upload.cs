using Onboard.Runtime.Control;
using Onboard.Runtime.Upload;

namespace Onboard.Runtime.Config;

public sealed partial record RunConfig
{
    /// <summary>The control socket: <c>control</c>, else the default endpoint when <see cref="Upload"/> needs it; else null (none).</summary>
    public ControlOptions? Control { get; init; }

    /// <summary>The clip uploader (<c>upload</c>): clips enter <see cref="ClipsConfig.Spool"/> encrypted and are uploaded from it; null: none.</summary>
    public UploadOptions? Upload { get; init; }
}
