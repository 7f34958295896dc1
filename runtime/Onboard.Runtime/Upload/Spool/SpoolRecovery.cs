namespace Onboard.Runtime.Upload.Spool;

/// <summary>What opening the spool found and repaired after a crash (counted, for the log and Health).</summary>
public sealed record SpoolRecovery(int TempFilesRemoved, int OrphanStatesRemoved, int CompletionsFinished, int EvictionsFinished, int UnreadableStates,
    int UnknownFiles, int Clips)
{
    public override string ToString() =>
        $"clips={Clips} temp-removed={TempFilesRemoved} orphan-states-removed={OrphanStatesRemoved} completions-finished={CompletionsFinished} " +
        $"evictions-finished={EvictionsFinished} " +
        $"unreadable-states={UnreadableStates} unknown-files={UnknownFiles}";
}
