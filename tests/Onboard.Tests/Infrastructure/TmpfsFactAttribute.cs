namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A fact that needs to mount a <see cref="Tmpfs"/> (a disk that really fills); where mount is refused (an
/// unprivileged container, say) it is skipped with mount's reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Problem is string problem)
        {
            Skip = $"cannot mount a tmpfs here to fill a disk for real (it needs root with CAP_SYS_ADMIN): {problem}";
        }
    }
}
