using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Observability;

/// <summary>
/// <c>Logging:Format</c>: how the console log is written. <c>text</c> (default): ASP.NET Core's human-readable lines
/// (journald's format under systemd). <c>json</c>: one JSON object per line (ASP.NET Core's JSON console formatter:
/// <c>Timestamp</c> in UTC, <c>EventId</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>, and <c>State</c> with
/// every named value of the message, since our log messages are all [LoggerMessage] templates), for a log shipper.
/// </summary>
public static class LogFormat
{
    public const string Key = "Logging:Format";

    public const string Text = "text";

    public const string Json = "json";

    /// <summary>Applies the configured format; after <c>UseSystemd</c>, so an explicit <c>json</c> wins there too.</summary>
    /// <exception cref="InvalidOperationException">The value is neither text nor json (a one-line start-up failure).</exception>
    public static void Apply(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var format = builder.Configuration[Key];
        if (string.IsNullOrWhiteSpace(format) || string.Equals(format, Text, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!string.Equals(format, Json, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Key} '{format}' is unknown: use {Text} or {Json}.");
        }

        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.IncludeScopes = false;
            options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });
    }
}
