using System.Globalization;

namespace Parley.Load.Common;

/// <summary>Reads a process's resident set size from Linux <c>/proc/PID/status</c> (proc(5), field <c>VmRSS</c>, in kB).</summary>
public static class ProcessMemory
{
    /// <summary>The RSS in bytes, or false when the process or the field is not there (not Linux, process gone).</summary>
    public static bool TryReadRss(int pid, out long bytes)
    {
        bytes = 0;
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return TryParseVmRss(lines, out bytes);
    }

    /// <summary>Finds <c>VmRSS:   123456 kB</c> among status lines.</summary>
    public static bool TryParseVmRss(IEnumerable<string> statusLines, out long bytes)
    {
        bytes = 0;
        foreach (var line in statusLines)
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                continue;
            }
            var parts = line["VmRSS:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                bytes = kilobytes * 1024;
                return true;
            }
            return false;
        }
        return false;
    }
}
