namespace Onboard.Hil.Scenarios;

/// <summary>The long-tail events a scenario can inject over a time range (JSON names in snake_case).</summary>
public enum PerturbationKind
{
    /// <summary>Sensor noise: Gaussian, σ = 25 · strength grey levels.</summary>
    Noise,
    /// <summary>Horizontal motion blur over 3 + 14 · strength pixels.</summary>
    MotionBlur,
    /// <summary>Out of focus: Gaussian blur, σ = 0.5 + 4 · strength pixels.</summary>
    Defocus,
    /// <summary>Fog: the image pulled towards a light grey, more the further away (strength = density).</summary>
    Fog,
    /// <summary>Night: brightness × (1 − 0.8 · strength) and sensor noise.</summary>
    Night,
    /// <summary>Glare: a blurred bright disc (the sun, headlights) added over the image.</summary>
    Glare,
    /// <summary>Rain streaks: 400 · strength slanted light lines per frame.</summary>
    Rain,
    /// <summary>Partial occlusion: the sign <c>sign</c> covered on its left by strength × its width.</summary>
    Occlusion,
    /// <summary>A rare class: the sign <c>sign</c> is only there during the event.</summary>
    RareClass,
    /// <summary>A faded or damaged sign: <c>sign</c>'s paint pulled towards grey by strength, with dark scratches.</summary>
    Faded,
    /// <summary>The sign <c>sign</c> hidden behind an occluder until it is nearer than <c>revealDistance</c> m.</summary>
    HiddenUntilClose,
}
