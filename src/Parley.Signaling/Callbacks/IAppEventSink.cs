namespace Parley.Signaling.Callbacks;

/// <summary>
/// Where grains hand app events for the event callbacks (docs/callbacks.md). The host registers its implementation
/// (the server's outbox); without one, events go nowhere (<see cref="NoAppEventSink"/>).
/// </summary>
public interface IAppEventSink
{
    /// <summary>
    /// Accepts <paramref name="appEvent"/> for delivery. Never blocks, never does I/O on the caller's thread and never
    /// throws: it runs inside grain turns, on the paths of media and messages.
    /// </summary>
    void Publish(AppEvent appEvent);
}
