using System.Runtime.InteropServices;
using Parley.Server.Hosting;

namespace Parley.Server.Tests.Hosting;

/// <summary>
/// The native half of the idle trim (<see cref="NativeHeapTrim"/>): free C-heap memory that glibc would keep resident
/// goes back to the system.
/// </summary>
public sealed class NativeHeapTrimTests
{
    [Fact]
    public void Freed_C_heap_memory_behind_a_live_block_goes_back_to_the_system()
    {
        const int blockSize = 4096; // under glibc's mmap threshold: these come from an arena, as the JIT's and SQLite's do
        const int blocks = 64 * 256; // 64 MB
        var burst = new IntPtr[blocks];
        for (int i = 0; i < blocks; i++)
        {
            burst[i] = Marshal.AllocHGlobal(blockSize); // malloc
            for (int offset = 0; offset < blockSize; offset += 512)
            {
                Marshal.WriteByte(burst[i], offset, 1); // make the page resident
            }
        }

        // A block allocated after the burst and still alive keeps the freed space below the heap's top, where free()
        // alone never returns it (as after a burst of logins, when the sessions' own allocations stay).
        var survivor = Marshal.AllocHGlobal(blockSize);
        try
        {
            foreach (var block in burst)
            {
                Marshal.FreeHGlobal(block);
            }

            long beforeTrim = ResidentBytes();
            Assert.True(NativeHeapTrim.Trim());
            long released = beforeTrim - ResidentBytes();

            // Most of the 64 MB; other threads of the test host may allocate meanwhile, so not all of it.
            Assert.True(released > 32L << 20, $"released {released >> 20} MB");
        }
        finally
        {
            Marshal.FreeHGlobal(survivor);
        }
    }

    private static long ResidentBytes()
    {
        // VmRSS from /proc, as parley-load reads it: Environment.WorkingSet can be cached by the runtime.
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}
