using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Parley.Cli.Admin;

/// <summary>What every admin command shares: its <c>--sdkappid</c> and <c>--json</c> options and how it prints.</summary>
internal static class AdminOutput
{
    /// <summary>How <c>--json</c> prints the server's answer: the web's camelCase, indented.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the server's JSON instead of text." };

    public static Option<long> SdkAppIdOption() => new("--sdkappid") { Description = "The app's sdkAppId.", Required = true };

    /// <summary>
    /// Prints a list: the server's JSON with <paramref name="json"/>, else <paramref name="header"/> (when not null) and
    /// one or more lines per item from <paramref name="writeItem"/>.
    /// </summary>
    public static async Task WriteListAsync<T>(TextWriter output, IReadOnlyList<T> items, bool json, string? header, Func<T, Task> writeItem)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(items, Json));
            return;
        }

        if (header is not null)
        {
            await output.WriteLineAsync(header);
        }

        foreach (var item in items)
        {
            await writeItem(item);
        }
    }

    /// <summary>A time in text output: UTC, to the second.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
