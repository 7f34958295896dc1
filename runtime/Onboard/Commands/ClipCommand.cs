using System.CommandLine;

namespace Onboard.Commands;

/// <summary><c>onboard clip</c>: look inside a clip or recording (<c>inspect</c>), take its frames out (<c>extract</c>),
/// and, on the cloud side, open an encrypted one (<c>decrypt</c>).</summary>
internal static class ClipCommand
{
    public static Command Create() => new("clip", "Inspect MCAP clips, extract their frames, decrypt encrypted ones")
    {
        ClipInspectCommand.Create(),
        ClipExtractCommand.Create(),
        ClipDecryptCommand.Create(),
    };

    /// <summary>Opens a clip for reading, or says why not (exit 2).</summary>
    public static Onboard.Runtime.Clips.Mcap.McapReader? Open(string file)
    {
        try
        {
            return Onboard.Runtime.Clips.Mcap.McapReader.Open(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"clip: cannot open {file}: {e.Message}");
            return null;
        }
    }
}
