namespace Onboard.Models.Loading;

/// <summary>A model file that cannot be used, with the file and the specific problem in the message.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string path, string problem, Exception? inner = null)
        : base($"cannot load model '{path}': {problem}", inner)
    {
        ModelPath = path;
        Problem = problem;
    }

    public string ModelPath { get; }
    public string Problem { get; }
}
