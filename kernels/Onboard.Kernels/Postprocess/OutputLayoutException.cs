namespace Onboard.Kernels.Postprocess;

/// <summary>A model's outputs do not match the layout it was declared with, match none, or match several.</summary>
public sealed class OutputLayoutException : Exception
{
    public OutputLayoutException()
    {
    }

    public OutputLayoutException(string message)
        : base(message)
    {
    }

    public OutputLayoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
