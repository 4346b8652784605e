using Microsoft.Extensions.Logging;

namespace Parley.Client.Tests.Support;

/// <summary>Records into a shared <see cref="RecordingLoggerProvider"/> with a prefix naming the source (a node, a client).</summary>
public sealed class PrefixedLoggerProvider(RecordingLoggerProvider inner, string prefix) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => inner.CreateLogger(prefix + " " + categoryName);

    public void Dispose()
    {
        // The shared provider is owned by whoever made it.
    }
}
