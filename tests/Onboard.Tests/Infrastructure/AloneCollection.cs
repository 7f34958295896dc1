namespace Onboard.Tests.Infrastructure;

/// <summary>
/// Tests whose claim is about real-time behaviour under the load they make themselves (a shadow heavier than the
/// frame period competing with the primary for two cores): xUnit runs this collection after the parallel ones, on
/// its own, so the rest of the suite is not part of the load they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
