namespace Onboard.Models.Manifests;

/// <summary>The model output as the manifest declares it.</summary>
public sealed record OutputSpec
{
    /// <summary>One of <see cref="OutputLayouts.Names"/>.</summary>
    public string Layout { get; init; } = "";

    /// <summary>Output tensor names in the order the decoder reads them; empty = the model's order.</summary>
    public string[] Names { get; init; } = [];
}
