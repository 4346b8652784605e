using Microsoft.Extensions.Logging;

namespace Parley.Server.Hosting;

/// <summary>Source-generated log messages of the host.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Storage {Provider} ready: {MigrationCount} schema migration(s) applied in total")]
    public static partial void StorageReady(ILogger logger, string provider, int migrationCount);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created the default app {SdkAppId} (no apps existed)")]
    public static partial void DefaultAppCreated(ILogger logger, long sdkAppId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Generated an admin token and stored it in the database (set Admin:Token to choose one)")]
    public static partial void AdminTokenGenerated(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Banner}")]
    public static partial void Banner(ILogger logger, string banner);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Serving static web files from {WebRoot}")]
    public static partial void ServingWebRoot(ILogger logger, string webRoot);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "No web/ folder found; static files are not served")]
    public static partial void NoWebRoot(ILogger logger);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Storage flushed and closed")]
    public static partial void StorageClosed(ILogger logger);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Health check failed: silo active {SiloActive}, store answers {StoreAnswers}")]
    public static partial void Unhealthy(ILogger logger, bool siloActive, bool storeAnswers);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Admin API request rejected: missing or wrong bearer token for {Path}")]
    public static partial void AdminUnauthorized(ILogger logger, string path);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Admin API: {Count} more requests with a missing or wrong bearer token in the {WindowSeconds} s after the last one logged")]
    public static partial void AdminUnauthorizedSuppressed(ILogger logger, int count, double windowSeconds);
}
