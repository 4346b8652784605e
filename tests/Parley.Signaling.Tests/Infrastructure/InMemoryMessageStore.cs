using Parley.Signaling.Abstractions;
using Parley.Signaling.Messages;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>Test double of the server's C2C and notification storage for signaling-only hosts.</summary>
public sealed class InMemoryMessageStore : IMessageStore
{
    private readonly Lock _gate = new();
    private readonly List<(long App, C2CMessageRecord Message)> _c2c = [];
    private readonly Dictionary<(long, string, string), long> _read = [];
    private readonly List<(long App, string User, SystemNotificationRecord Notification)> _notifications = [];
    private long _nextId;

    private static string Key(string identifier) => identifier.ToLowerInvariant();

    public Task<C2CMessageRecord?> FindC2CDuplicateAsync(long sdkAppId, string fromKey, string toKey, uint msgRandom, long sinceTime, CancellationToken cancellationToken) =>
        Task.FromResult(C2C(sdkAppId).FirstOrDefault(m => Key(m.From) == fromKey && Key(m.To) == toKey && m.MsgRandom == msgRandom && m.MsgTime >= sinceTime));

    public Task<long> AppendC2CAsync(long sdkAppId, C2CMessageRecord message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = ++_nextId;
            _c2c.Add((sdkAppId, message with { Id = id }));
            return Task.FromResult(id);
        }
    }

    public Task<C2CMessageRecord?> FindC2CAsync(long sdkAppId, long id, CancellationToken cancellationToken) =>
        Task.FromResult(C2C(sdkAppId).FirstOrDefault(m => m.Id == id));

    public Task RecallC2CAsync(long sdkAppId, long id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var i = _c2c.FindIndex(e => e.App == sdkAppId && e.Message.Id == id);
            _c2c[i] = (sdkAppId, _c2c[i].Message with { MsgBody = "", Recalled = true });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<C2CMessageRecord>> ListC2CAfterAsync(long sdkAppId, string userKey, long afterId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<C2CMessageRecord>>([.. C2C(sdkAppId).Where(m => m.Id > afterId && (Key(m.From) == userKey || Key(m.To) == userKey)).Take(limit)]);

    public Task<IReadOnlyList<C2CMessageRecord>> ListC2CBetweenAsync(long sdkAppId, string userKey, string peerKey, long beforeId, long minTime, long maxTime, int limit,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<C2CMessageRecord>>([.. C2C(sdkAppId)
            .Where(m => m.Id < beforeId && m.MsgTime >= minTime && m.MsgTime <= maxTime
                && (Key(m.From) == userKey && Key(m.To) == peerKey || Key(m.From) == peerKey && Key(m.To) == userKey))
            .Reverse().Take(limit)]);

    public Task SetC2CReadAsync(long sdkAppId, string userKey, string peerKey, long readId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _read[(sdkAppId, userKey, peerKey)] = Math.Max(readId, _read.GetValueOrDefault((sdkAppId, userKey, peerKey)));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<C2CConversationRecord>> ListC2CConversationsAsync(long sdkAppId, string userKey, int limit, CancellationToken cancellationToken)
    {
        var mine = C2C(sdkAppId).Where(m => Key(m.From) == userKey || Key(m.To) == userKey).ToList();
        var result = new List<C2CConversationRecord>();
        foreach (var group in mine.GroupBy(m => Key(m.From) == userKey ? Key(m.To) : Key(m.From)).OrderByDescending(g => g.Max(m => m.Id)).Take(limit))
        {
            var last = group.MaxBy(m => m.Id)!;
            long readId;
            lock (_gate)
            {
                readId = _read.GetValueOrDefault((sdkAppId, userKey, group.Key));
            }

            var unread = group.Count(m => Key(m.To) == userKey && m.Id > readId && !m.Recalled);
            result.Add(new C2CConversationRecord(Key(last.From) == group.Key ? last.From : last.To, last, unread, readId));
        }

        return Task.FromResult<IReadOnlyList<C2CConversationRecord>>(result);
    }

    public Task<IReadOnlyList<SystemNotificationRecord>> AppendNotificationsAsync(long sdkAppId, IReadOnlyList<string> recipientKeys,
        SystemNotificationRecord notification, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var stored = recipientKeys.Select(key => (key, record: notification with { Id = ++_nextId })).ToList();
            _notifications.AddRange(stored.Select(s => (sdkAppId, s.key, s.record)));
            return Task.FromResult<IReadOnlyList<SystemNotificationRecord>>([.. stored.Select(s => s.record)]);
        }
    }

    public Task<IReadOnlyList<SystemNotificationRecord>> ListNotificationsAfterAsync(long sdkAppId, string userKey, long afterId, int limit,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SystemNotificationRecord>>([.. _notifications
                .Where(n => n.App == sdkAppId && n.User == userKey && n.Notification.Id > afterId).Select(n => n.Notification).Take(limit)]);
        }
    }

    private List<C2CMessageRecord> C2C(long sdkAppId)
    {
        lock (_gate)
        {
            return [.. _c2c.Where(e => e.App == sdkAppId).Select(e => e.Message)];
        }
    }
}
