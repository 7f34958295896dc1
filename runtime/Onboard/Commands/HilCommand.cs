using System.CommandLine;

namespace Onboard.Commands;

/// <summary><c>onboard hil</c>: the hardware-in-the-loop rig's verbs over recordings (hil/Onboard.Hil/README.md).</summary>
internal static class HilCommand
{
    public static Command Create() => new("hil", "Replay recordings through the pipeline, compare them, evaluate them against ground truth, run scenarios")
    {
        HilReplayCommand.Create(),
        HilCompareCommand.Create(),
        HilEvalCommand.Create(),
        HilRunCommand.Create(),
    };
}
