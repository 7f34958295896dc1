using Onboard.Runtime.Config;

namespace Onboard.Hil.Scenarios;

/// <summary>
/// <c>onboard config check</c>'s look into the scenario files a config's <c>scenario</c> sources name: each is read as
/// <c>record</c> and <c>hil run</c> read it, and its errors come back under the config field that names the file
/// (<c>cameras[0].source.path: drive.json: signs[0].colour: unknown field</c>).
/// </summary>
internal static class ScenarioSourceCheck
{
    public static List<ConfigError> Errors(RunConfig config)
    {
        var errors = new List<ConfigError>();
        for (int i = 0; i < config.Cameras.Count; i++)
        {
            SourceConfig source = config.Cameras[i].Source;
            if (source.Kind != SourceKind.Scenario || source.Path is not { } path)
            {
                continue;
            }
            try
            {
                ScenarioReader.Read(path);
            }
            catch (ConfigException e)
            {
                foreach (ConfigError error in e.Errors)
                {
                    // "(file)": the file itself could not be read; its message says so and names it.
                    string what = error.Path == "(file)" ? error.Message : $"{path}: {error}";
                    errors.Add(new ConfigError($"cameras[{i}].source.path", what));
                }
            }
        }
        return errors;
    }
}
