namespace Onboard.Runtime.Control;

/// <summary>
/// Thrown by a verb's handler to refuse a request (a missing or mistyped field, a state that does not allow it): the
/// client gets <c>{"ok": false, "error": MESSAGE}</c> and the server goes on.
/// </summary>
public sealed class ControlException(string message) : Exception(message);
