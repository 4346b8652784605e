namespace Parley.Signaling.Callbacks;

/// <summary>
/// Something that happened in an app which the app may want to hear about through its event callback
/// (docs/callbacks.md). Handed to <see cref="IAppEventSink.Publish"/> in-process; never crosses grains.
/// </summary>
/// <param name="SdkAppId">The app (R1.2: every event belongs to one).</param>
/// <param name="EventType">One of <see cref="AppEventTypes"/>.</param>
/// <param name="EventMsTs">When it happened, Unix milliseconds on the host's clock.</param>
public abstract record AppEvent(long SdkAppId, int EventType, long EventMsTs);
