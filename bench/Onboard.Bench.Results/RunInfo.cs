namespace Onboard.Bench.Results;

/// <summary>The circumstances of a bench run, so a reader can judge its figures.</summary>
/// <param name="Started">When the run began (UTC).</param>
/// <param name="Mode">"full" (<c>make bench</c>) or "quick" (<c>make bench-quick</c>).</param>
/// <param name="Machine">Processor count, widest vectors, runtime.</param>
/// <param name="LoadAverage">The 1-minute load average when the run started (the machine may be shared).</param>
/// <param name="WallSeconds">How long the whole run took.</param>
/// <param name="Caveat">Printed in bold under the run line, e.g. "figures from a loaded machine"; empty for none.</param>
public sealed record RunInfo(DateTimeOffset Started, string Mode, string Machine, double LoadAverage, double WallSeconds, string Caveat);
