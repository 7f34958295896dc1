using Onboard.Hil.Scenes;

namespace Onboard.Hil.Cameras;

/// <summary>
/// A camera that shows generated scenes: frame <c>k</c> shows scene <c>k / FramesPerScene</c>. Scenes are
/// rendered ahead of time (<see cref="Prepare"/>) so that capturing a frame costs nothing and the
/// pipeline's timings are not disturbed by the rig.
/// </summary>
public sealed class SimulatedCamera(SceneGenerator generator, int framesPerScene)
{
    private readonly Dictionary<int, Scene> _scenes = [];

    public int Width => generator.Options.Width;
    public int Height => generator.Options.Height;
    public int FramesPerScene { get; } = framesPerScene;

    /// <summary>Renders the scenes frames [0, <paramref name="frameCount"/>) will show.</summary>
    public void Prepare(long frameCount)
    {
        for (long k = 0; k < frameCount; k += FramesPerScene)
        {
            _ = Capture(k);
        }
    }

    /// <summary>The scene frame <paramref name="sequence"/> shows (rendered on first use).</summary>
    public Scene Capture(long sequence)
    {
        int index = (int)(sequence / FramesPerScene);
        if (!_scenes.TryGetValue(index, out Scene? scene))
        {
            scene = generator.Generate(index);
            _scenes.Add(index, scene);
        }
        return scene;
    }
}
