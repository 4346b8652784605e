using System.Runtime.InteropServices;

namespace Parley.Server.Hosting;

/// <summary>
/// Returns the C heap's free pages to the system (glibc's <c>malloc_trim(0)</c>), the native half of
/// <see cref="IdleMemoryTrim"/>.
/// </summary>
/// <remarks>
/// A burst of logins leaves free chunks in glibc's per-thread arenas (the JIT's scratch memory, SQLite's page caches,
/// socket bookkeeping) that glibc keeps resident because they are not at the top of their heap. Measured with 3,000
/// idle sessions on a just-started server: 15–20 MB of free malloc memory, 4–6 KB of RSS per session
/// (docs/benchmarks.md, "Memory per idle session: where it goes"). <c>malloc_trim(0)</c> walks every arena and
/// releases whole free pages (<c>MADV_DONTNEED</c>); the memory stays mapped for the next burst. Elsewhere than
/// glibc (musl, macOS, Windows) there is no such call and this does nothing.
/// </remarks>
internal static class NativeHeapTrim
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Trims the C heap; true when glibc released memory.</summary>
    public static bool Trim()
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) != 0;
        }
        catch (EntryPointNotFoundException)
        {
            // musl's libc has no malloc_trim: remember and stop asking.
            _unavailable = true;
            return false;
        }
        catch (DllNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    // [DllImport], not [LibraryImport]: the source generator needs unsafe code, which this assembly does not allow, and
    // the signature is blittable, so the runtime marshals nothing either way.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
}
