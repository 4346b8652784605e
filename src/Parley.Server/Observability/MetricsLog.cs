using Microsoft.Extensions.Logging;

namespace Parley.Server.Observability;

/// <summary>Log messages of metrics and logging setup; event ids 5100–5199.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Prometheus metrics on {Path} (admin token required: {RequireAdminToken})")]
    public static partial void Serving(ILogger logger, string path, bool requireAdminToken);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Metrics endpoint disabled (Metrics:Enabled=false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Instrument {Instrument} of meter {Meter} is not exported: its name {Name} is already a {Kind}")]
    public static partial void NameTaken(ILogger logger, string instrument, string meter, string name, string kind);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Reading an observed metric failed; the scrape reports the rest")]
    public static partial void ObserveFailed(ILogger logger, Exception exception);
}
