using System.Runtime.InteropServices;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>A libzmq call failed: the operation, the endpoint when there is one, and <c>zmq_strerror</c>'s text.</summary>
public sealed class ZmqException : Exception
{
    public ZmqException(string operation, int errorNumber, string? endpoint = null)
        : base(Describe(operation, errorNumber, endpoint))
    {
        ErrorNumber = errorNumber;
        Endpoint = endpoint;
    }

    public int ErrorNumber { get; }
    public string? Endpoint { get; }

    /// <summary>libzmq's text for an error number (<c>zmq_strerror</c>).</summary>
    public static unsafe string StrError(int errorNumber) =>
        Marshal.PtrToStringUTF8((nint)LibZmq.StrError(errorNumber)) ?? $"errno {errorNumber}";

    private static string Describe(string operation, int errorNumber, string? endpoint) =>
        endpoint is null
            ? $"{operation} failed: {StrError(errorNumber)} (errno {errorNumber})"
            : $"{operation} '{endpoint}' failed: {StrError(errorNumber)} (errno {errorNumber})";
}
