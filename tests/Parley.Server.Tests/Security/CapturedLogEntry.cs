using Microsoft.Extensions.Logging;

namespace Parley.Server.Tests.Security;

internal sealed record CapturedLogEntry(string Category, LogLevel Level, int EventId, string Message);
