using System.CommandLine;

namespace Onboard.Commands;

/// <summary><c>onboard model</c>: look inside a model (<c>inspect</c>) and generate the project's models (<c>build</c>).</summary>
internal static class ModelCommand
{
    public static Command Create() => new("model", "Inspect ONNX models and build the generated ones")
    {
        ModelInspectCommand.Create(),
        ModelBuildCommand.Create(),
    };
}
