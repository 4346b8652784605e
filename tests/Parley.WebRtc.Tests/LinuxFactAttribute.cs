namespace Parley.WebRtc.Tests;

/// <summary>A fact that only means something on Linux (recvmmsg/sendmmsg); reported as skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "recvmmsg/sendmmsg exist on Linux only";
        }
    }
}
