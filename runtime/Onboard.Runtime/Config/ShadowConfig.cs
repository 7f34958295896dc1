namespace Onboard.Runtime.Config;

/// <summary>
/// A camera's shadow: the model (by name) run on the camera model's preprocessed frames, and whether it is
/// aborted mid-run whenever the primary starts one (<see cref="Preempt"/>). Without preemption the shadow
/// still never delays the primary's frames (it runs at nice 10 and skips frames while busy), and a shadow
/// slower than the frame period still finishes every run it starts; with preemption it gives the cores back
/// at once, and a shadow slower than the frame period then rarely finishes at all.
/// </summary>
public sealed record ShadowConfig(string Model, bool Preempt = false);
