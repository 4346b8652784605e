using System.Threading.Channels;

namespace Parley.Client.Tests.Support;

/// <summary>Collects one kind of client event so a test can await it (with a timeout, so a missing event fails).</summary>
public sealed class EventRecorder<TArgs>
{
    private readonly Channel<TArgs> _events = Channel.CreateUnbounded<TArgs>();

    public void Handler(object? sender, TArgs args) => _events.Writer.TryWrite(args);

    public async Task<TArgs> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for an event to be waiting (without consuming it).</summary>
    public async Task<bool> WaitForPendingAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _events.Reader.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>True when an event is already waiting (without consuming it).</summary>
    public bool HasPending => _events.Reader.TryPeek(out _);
}
