namespace Onboard.Hil.Replay;

/// <summary>One difference between two recordings: the topic, the frame, what differs.</summary>
public readonly record struct RecordingDifference(string Topic, ulong Sequence, string What)
{
    public override string ToString() => $"{Topic} #{Sequence}: {What}";
}
