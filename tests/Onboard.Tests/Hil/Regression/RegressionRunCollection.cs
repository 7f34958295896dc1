namespace Onboard.Tests.Hil.Regression;

/// <summary>The gate and the report test share one run of the regression scenario.</summary>
[CollectionDefinition(Name)]
public sealed class RegressionRunCollection : ICollectionFixture<RegressionRunFixture>
{
    public const string Name = "hil regression run";
}
