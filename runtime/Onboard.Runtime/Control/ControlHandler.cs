using System.Text.Json.Nodes;

namespace Onboard.Runtime.Control;

/// <summary>
/// Handles one verb on the control thread: returns the reply's fields (the server adds <c>"ok": true</c>), or throws
/// <see cref="ControlException"/> to refuse. Keep it short: requests are served one at a time.
/// </summary>
internal delegate JsonObject ControlHandler(ControlRequest request);
