using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Config;

/// <summary>One camera: its source, the model (by name) it runs, its shadow model (by name, or null), and its pipeline settings.</summary>
public sealed record CameraConfig(string Id, string Model, SourceConfig Source, CameraPipelineOptions Pipeline, ShadowConfig? Shadow = null);
