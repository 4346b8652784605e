namespace Parley.Signaling.Callbacks;

/// <summary>
/// The app's before-send callback (docs/callbacks.md §4): asked before a group or C2C message is handed to its grain,
/// it allows the message, rejects it (the sender gets 10016) or rewrites its body. Called by sessions and the REST API,
/// never by grains (a grain must not wait on HTTP). Without a host implementation every message is allowed.
/// </summary>
public interface IBeforeSendCallback
{
    /// <summary>Whether the app has a before-send URL; answered from a cache without I/O most of the time.</summary>
    ValueTask<bool> IsEnabledAsync(long sdkAppId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the app's before-send URL about <paramref name="message"/>, within the app's timeout. Never throws for the
    /// receiver's failures: a timeout, an error status or an unreadable answer yield the app's fail-open or
    /// fail-closed verdict.
    /// </summary>
    Task<BeforeSendVerdict> CheckAsync(BeforeSendMessage message, CancellationToken cancellationToken);
}
