namespace Onboard.Kernels.Device;

/// <summary>The device the caller asked for is not here; the message says exactly what is missing.</summary>
public sealed class DeviceUnavailableException(string message) : Exception(message);
