namespace Onboard.Runtime.Clips.Mcap;

/// <summary>The Header record: the profile the file follows and the library that wrote it.</summary>
public sealed record McapHeader(string Profile, string Library);
