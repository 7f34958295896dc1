using System.Diagnostics.CodeAnalysis;

namespace Onboard.Kernels.Postprocess;

/// <summary>Throwing kept out of the hot methods so they stay small enough to inline and read.</summary>
internal static class ThrowHelper
{
    public static void ThrowIfNaN(float value, string name)
    {
        if (float.IsNaN(value))
        {
            ThrowArgument($"{name} is NaN", name);
        }
    }

    /// <summary>Callers test the length first, so the message (often interpolated) is only built on failure.</summary>
    [DoesNotReturn]
    public static void ThrowShorter(int length, long required, string what, string name) =>
        throw new ArgumentException($"{what} holds {length} values, fewer than the {required} required", name);

    [DoesNotReturn]
    public static void ThrowArgument(string message, string name) => throw new ArgumentException(message, name);

    [DoesNotReturn]
    public static void ThrowOutOfRange(string name, object value, string message) =>
        throw new ArgumentOutOfRangeException(name, value, message);
}
