using System.Diagnostics.CodeAnalysis;
using Dapper;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Messages;

namespace Parley.Server.Storage.Sql;

internal sealed class SqlMessageStore(SqlDialect database, SqlCommitBatcher messageWrites) : IMessageStore
{
    private const string C2CColumns =
        "id AS Id, from_account AS FromAccount, to_account AS ToAccount, msg_random AS MsgRandom, msg_time AS MsgTime, msg_body AS MsgBody, recalled AS Recalled";

    private const string NotificationColumns =
        "id AS Id, type AS Type, group_id AS GroupId, operator AS Operator, time AS Time, applicant AS Applicant, message AS Message, content AS Content";

    public async Task<C2CMessageRecord?> FindC2CDuplicateAsync(long sdkAppId, string fromKey, string toKey, uint msgRandom, long sinceTime,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<C2CRow>(new CommandDefinition($"""
            SELECT {C2CColumns} FROM c2c_messages
            WHERE sdk_app_id = @sdkAppId AND to_key = @toKey AND from_key = @fromKey AND msg_random = @random AND msg_time >= @sinceTime
            ORDER BY id LIMIT 1
            """, new { sdkAppId, toKey, fromKey, random = (long)msgRandom, sinceTime }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public Task<long> AppendC2CAsync(long sdkAppId, C2CMessageRecord message, CancellationToken cancellationToken)
    {
        var row = new
        {
            sdkAppId,
            fromKey = UserKeys.KeyOf(message.From),
            message.From,
            toKey = UserKeys.KeyOf(message.To),
            message.To,
            random = (long)message.MsgRandom,
            message.MsgTime,
            message.MsgBody,
        };
        // Acknowledged to the sender once stored: the write shares a commit with the others waiting (SqlCommitBatcher).
        return messageWrites.WriteAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO c2c_messages (sdk_app_id, from_key, from_account, to_key, to_account, msg_random, msg_time, msg_body)
            VALUES (@sdkAppId, @fromKey, @From, @toKey, @To, @random, @MsgTime, @MsgBody)
            RETURNING id
            """, row, transaction)));
    }

    public async Task<C2CMessageRecord?> FindC2CAsync(long sdkAppId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<C2CRow>(new CommandDefinition(
            $"SELECT {C2CColumns} FROM c2c_messages WHERE sdk_app_id = @sdkAppId AND id = @id", new { sdkAppId, id }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task RecallC2CAsync(long sdkAppId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE c2c_messages SET recalled = 1, msg_body = '' WHERE sdk_app_id = @sdkAppId AND id = @id", new { sdkAppId, id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<C2CMessageRecord>> ListC2CAfterAsync(long sdkAppId, string userKey, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<C2CRow>(new CommandDefinition($"""
            SELECT {C2CColumns} FROM c2c_messages
            WHERE id IN (SELECT id FROM c2c_messages WHERE sdk_app_id = @sdkAppId AND to_key = @userKey AND id > @afterId
                         UNION SELECT id FROM c2c_messages WHERE sdk_app_id = @sdkAppId AND from_key = @userKey AND id > @afterId)
            ORDER BY id LIMIT @limit
            """, new { sdkAppId, userKey, afterId, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<C2CMessageRecord>> ListC2CBetweenAsync(long sdkAppId, string userKey, string peerKey, long beforeId, long minTime, long maxTime,
        int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<C2CRow>(new CommandDefinition($"""
            SELECT {C2CColumns} FROM c2c_messages
            WHERE sdk_app_id = @sdkAppId AND id < @beforeId AND msg_time >= @minTime AND msg_time <= @maxTime
              AND ((from_key = @userKey AND to_key = @peerKey) OR (from_key = @peerKey AND to_key = @userKey))
            ORDER BY id DESC LIMIT @limit
            """, new { sdkAppId, userKey, peerKey, beforeId, minTime, maxTime, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task SetC2CReadAsync(long sdkAppId, string userKey, string peerKey, long readId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO c2c_read (sdk_app_id, user_key, peer_key, read_id) VALUES (@sdkAppId, @userKey, @peerKey, @readId)
            ON CONFLICT (sdk_app_id, user_key, peer_key) DO UPDATE SET read_id = CASE WHEN excluded.read_id > c2c_read.read_id THEN excluded.read_id ELSE c2c_read.read_id END
            """, new { sdkAppId, userKey, peerKey, readId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<C2CConversationRecord>> ListC2CConversationsAsync(long sdkAppId, string userKey, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var peers = await connection.QueryAsync<(string Peer, long LastId)>(new CommandDefinition("""
            SELECT peer, MAX(id) AS last_id FROM (
                SELECT to_key AS peer, id FROM c2c_messages WHERE sdk_app_id = @sdkAppId AND from_key = @userKey
                UNION ALL SELECT from_key AS peer, id FROM c2c_messages WHERE sdk_app_id = @sdkAppId AND to_key = @userKey) AS exchanged
            GROUP BY peer ORDER BY last_id DESC LIMIT @limit
            """, new { sdkAppId, userKey, limit }, cancellationToken: cancellationToken));
        var conversations = new List<C2CConversationRecord>();
        foreach (var (peer, lastId) in peers)
        {
            var last = (await connection.QuerySingleAsync<C2CRow>(new CommandDefinition(
                $"SELECT {C2CColumns} FROM c2c_messages WHERE id = @lastId", new { lastId }, cancellationToken: cancellationToken))).ToRecord();
            var readId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT read_id FROM c2c_read WHERE sdk_app_id = @sdkAppId AND user_key = @userKey AND peer_key = @peer",
                new { sdkAppId, userKey, peer }, cancellationToken: cancellationToken)) ?? 0;
            var unread = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                SELECT COUNT(*) FROM c2c_messages
                WHERE sdk_app_id = @sdkAppId AND to_key = @userKey AND from_key = @peer AND id > @readId AND recalled = 0
                """, new { sdkAppId, userKey, peer, readId }, cancellationToken: cancellationToken));
            var display = UserKeys.KeyOf(last.From) == peer ? last.From : last.To;
            conversations.Add(new C2CConversationRecord(display, last, unread, readId));
        }

        return conversations;
    }

    public async Task<IReadOnlyList<SystemNotificationRecord>> AppendNotificationsAsync(long sdkAppId, IReadOnlyList<string> recipientKeys,
        SystemNotificationRecord notification, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = new List<SystemNotificationRecord>(recipientKeys.Count);
        foreach (var userKey in recipientKeys)
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO system_notifications (sdk_app_id, user_key, type, group_id, operator, time, applicant, message, content)
                VALUES (@sdkAppId, @userKey, @Type, @GroupId, @Operator, @Time, @Applicant, @Message, @Content)
                RETURNING id
                """, new
            {
                sdkAppId,
                userKey,
                notification.Type,
                notification.GroupId,
                notification.Operator,
                notification.Time,
                notification.Applicant,
                notification.Message,
                notification.Content,
            }, transaction, cancellationToken: cancellationToken));
            stored.Add(notification with { Id = id });
        }

        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<SystemNotificationRecord>> ListNotificationsAfterAsync(long sdkAppId, string userKey, long afterId, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NotificationRow>(new CommandDefinition($"""
            SELECT {NotificationColumns} FROM system_notifications
            WHERE sdk_app_id = @sdkAppId AND user_key = @userKey AND id > @afterId ORDER BY id LIMIT @limit
            """, new { sdkAppId, userKey, afterId, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new SystemNotificationRecord(r.Id, r.Type, r.GroupId, r.Operator, r.Time, r.Applicant, r.Message, r.Content)).ToList();
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class C2CRow
    {
        public long Id { get; set; }

        public string FromAccount { get; set; } = "";

        public string ToAccount { get; set; } = "";

        public long MsgRandom { get; set; }

        public long MsgTime { get; set; }

        public string MsgBody { get; set; } = "";

        public long Recalled { get; set; }

        public C2CMessageRecord ToRecord() => new(Id, FromAccount, ToAccount, (uint)MsgRandom, MsgTime, MsgBody, Recalled != 0);
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class NotificationRow
    {
        public long Id { get; set; }

        public string Type { get; set; } = "";

        public string GroupId { get; set; } = "";

        public string Operator { get; set; } = "";

        public long Time { get; set; }

        public string? Applicant { get; set; }

        public string? Message { get; set; }

        public string? Content { get; set; }
    }
}
