using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Parley.Client.Internal;

/// <summary>
/// Runs event handlers one at a time, in the order the events happened, on a task of its own: a slow or throwing
/// handler never stalls the receive loop (and with it heartbeats and request answers).
/// </summary>
internal sealed class EventDispatcher
{
    private readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _pump;

    public EventDispatcher(ILogger logger)
    {
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues a handler invocation; dropped once the dispatcher is completed.</summary>
    public void Post(Action raise) => _queue.Writer.TryWrite(raise);

    /// <summary>Stops accepting events; the ones already queued still run.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Completes when every queued event has run after <see cref="Complete"/>.</summary>
    public Task Drained => _pump;

    private async Task PumpAsync()
    {
        await foreach (var raise in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                raise();
            }
            catch (Exception ex)
            {
                Log.EventHandlerFailed(_logger, ex);
            }
        }
    }
}
