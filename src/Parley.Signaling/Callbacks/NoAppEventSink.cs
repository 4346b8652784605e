namespace Parley.Signaling.Callbacks;

/// <summary>The sink of a host without event callbacks: every event is dropped.</summary>
internal sealed class NoAppEventSink : IAppEventSink
{
    public void Publish(AppEvent appEvent)
    {
    }
}
