namespace Onboard.Tests.Infrastructure;

/// <summary>
/// Tests whose claim the rest of the suite's load would distort: real-time behaviour under the load they make
/// themselves (a shadow heavier than the frame period competing with the primary for two cores), and ILGPU's CPU
/// accelerator, whose spinning threads slow to minutes when the cores are oversubscribed. xUnit runs this
/// collection after the parallel ones, on its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
