namespace Parley.Server.Storage;

/// <summary>
/// Event callbacks (docs/callbacks.md): each app's settings, the outbox of events waiting for delivery and the dead
/// letters. Several dispatchers (nodes of a cluster) share one outbox: a row is delivered by whoever claimed it, and a
/// claim excludes every other until its lease ends, so no two dispatchers hold the same row at once.
/// </summary>
public interface ICallbackStore
{
    Task<CallbackSettings?> GetSettingsAsync(long sdkAppId, CancellationToken cancellationToken);

    /// <summary>Stores the app's settings, replacing what it had.</summary>
    Task PutSettingsAsync(CallbackSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="events"/> to the outbox, due at once, in one transaction. An app left with more than
    /// <paramref name="maxPendingPerApp"/> waiting rows has its oldest unclaimed ones moved to the dead letters
    /// ("outbox full"); returns how many were moved.
    /// </summary>
    Task<int> EnqueueAsync(IReadOnlyList<NewCallbackEvent> events, int maxPendingPerApp, int maxDeadLettersPerApp, DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> rows due at <paramref name="now"/>, oldest due first, for
    /// <paramref name="lease"/>: nobody else claims them until then (a dispatcher that dies lets them fall due again).
    /// </summary>
    Task<IReadOnlyList<ClaimedCallback>> ClaimDueAsync(string claimedBy, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a delivered (or abandoned) row; false when the claim was lost.</summary>
    Task<bool> CompleteAsync(long id, string claimToken, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt and releases the row until <paramref name="nextAttemptAt"/>; false when the claim was lost.</summary>
    Task<bool> RescheduleAsync(long id, string claimToken, int attempts, string url, string? lastError, DateTimeOffset nextAttemptAt,
        CancellationToken cancellationToken);

    /// <summary>
    /// Moves a row whose retries ran out to the dead letters (keeping the newest <paramref name="maxDeadLettersPerApp"/>
    /// of its app); false when the claim was lost.
    /// </summary>
    Task<bool> BuryAsync(long id, string claimToken, int attempts, string url, string? lastError, DateTimeOffset now, int maxDeadLettersPerApp,
        CancellationToken cancellationToken);

    /// <summary>Gives claimed rows back, due at <paramref name="now"/>, their attempt not counted (a dispatcher stopping).</summary>
    Task ReleaseAsync(IReadOnlyCollection<ClaimedCallback> claimed, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Rows of the app waiting for delivery (claimed or not).</summary>
    Task<int> CountPendingAsync(long sdkAppId, CancellationToken cancellationToken);

    /// <summary>The app's dead letters, newest first, below <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(long sdkAppId, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a dead letter back into the outbox (attempts from zero, due at once, to <paramref name="url"/>) and removes it
    /// from the dead letters; false when the app has no such dead letter.
    /// </summary>
    Task<bool> RequeueDeadLetterAsync(long sdkAppId, long id, string url, DateTimeOffset now, CancellationToken cancellationToken);
}
