using Parley.Signaling.Messages;

namespace Parley.Signaling.Abstractions;

/// <summary>
/// Durable one-to-one messages, C2C read cursors and group system notifications, per app; users by identifier key
/// (lower case, R2.1). The receiver's user grain is the only writer of the C2C messages it receives, so duplicate checks
/// and inserts of one receiver are serialized.
/// </summary>
public interface IMessageStore
{
    /// <summary>The message from <paramref name="fromKey"/> to <paramref name="toKey"/> with this random at or after <paramref name="sinceTime"/>, if any.</summary>
    Task<C2CMessageRecord?> FindC2CDuplicateAsync(long sdkAppId, string fromKey, string toKey, uint msgRandom, long sinceTime, CancellationToken cancellationToken);

    /// <summary>Stores the message and answers its id (<see cref="C2CMessageRecord.Id"/> of the argument is ignored).</summary>
    Task<long> AppendC2CAsync(long sdkAppId, C2CMessageRecord message, CancellationToken cancellationToken);

    Task<C2CMessageRecord?> FindC2CAsync(long sdkAppId, long id, CancellationToken cancellationToken);

    /// <summary>Clears the body and marks the message recalled.</summary>
    Task RecallC2CAsync(long sdkAppId, long id, CancellationToken cancellationToken);

    /// <summary>Messages to or from <paramref name="userKey"/> with id above <paramref name="afterId"/>, oldest first (sync).</summary>
    Task<IReadOnlyList<C2CMessageRecord>> ListC2CAfterAsync(long sdkAppId, string userKey, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Messages between two users with id below <paramref name="beforeId"/> and time in [min, max], newest first (history).</summary>
    Task<IReadOnlyList<C2CMessageRecord>> ListC2CBetweenAsync(long sdkAppId, string userKey, string peerKey, long beforeId, long minTime, long maxTime, int limit,
        CancellationToken cancellationToken);

    /// <summary>Moves the read cursor of <paramref name="userKey"/> in the conversation with <paramref name="peerKey"/> forward (never back).</summary>
    Task SetC2CReadAsync(long sdkAppId, string userKey, string peerKey, long readId, CancellationToken cancellationToken);

    /// <summary>The user's C2C conversations, latest activity first.</summary>
    Task<IReadOnlyList<C2CConversationRecord>> ListC2CConversationsAsync(long sdkAppId, string userKey, int limit, CancellationToken cancellationToken);

    /// <summary>Stores one notification per recipient key; answers the stored records (with ids) in recipient order.</summary>
    Task<IReadOnlyList<SystemNotificationRecord>> AppendNotificationsAsync(long sdkAppId, IReadOnlyList<string> recipientKeys, SystemNotificationRecord notification,
        CancellationToken cancellationToken);

    /// <summary>Notifications of <paramref name="userKey"/> with id above <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<SystemNotificationRecord>> ListNotificationsAfterAsync(long sdkAppId, string userKey, long afterId, int limit, CancellationToken cancellationToken);
}
