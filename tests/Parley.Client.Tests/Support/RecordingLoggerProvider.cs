using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Parley.Client.Tests.Support;

/// <summary>Keeps every log line of a client (time since creation, level, category, message) for a failing test to print.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{owner._clock.Elapsed.TotalSeconds:0.000} {logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
    }
}
