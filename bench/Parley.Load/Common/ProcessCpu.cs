using System.Globalization;

namespace Parley.Load.Common;

/// <summary>
/// Reads a process's CPU time from Linux <c>/proc/PID/stat</c> (proc(5): fields 14 utime and 15 stime, in clock
/// ticks). On a shared machine CPU seconds per operation say more than wall-clock rates, which depend on the neighbours.
/// </summary>
public static class ProcessCpu
{
    /// <summary>USER_HZ: Linux reports /proc times in 1/100 s on every mainstream architecture.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The CPU time of <paramref name="pid"/>, or null when no process was named or it cannot be read.</summary>
    public static TimeSpan? ReadOrNull(int? pid) => pid is int id && TryRead(id, out var cpu) ? cpu : null;

    /// <summary>
    /// The summed CPU time of a server and the other nodes of its cluster, or null when any of them cannot be read:
    /// a partial sum would pass for the cluster's whole cost.
    /// </summary>
    public static TimeSpan? ReadTotalOrNull(int? pid, IEnumerable<int>? morePids)
    {
        var total = ReadOrNull(pid);
        foreach (var more in morePids ?? [])
        {
            total = total is { } sum && ReadOrNull(more) is { } cpu ? sum + cpu : null;
        }

        return total;
    }

    public static bool TryRead(int pid, out TimeSpan cpu)
    {
        cpu = default;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return TryParseStat(text, out cpu);
    }

    /// <summary>Parses a stat line; the command name (field 2) may hold spaces and parentheses, so fields are counted after the last ')'.</summary>
    public static bool TryParseStat(string stat, out TimeSpan cpu)
    {
        cpu = default;
        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            return false;
        }
        // After ")": field 3 (state) is at index 0, so utime (14) is at 11 and stime (15) at 12.
        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return false;
        }
        cpu = TimeSpan.FromSeconds((user + system) / TicksPerSecond);
        return true;
    }
}
