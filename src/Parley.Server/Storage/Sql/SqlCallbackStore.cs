using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Dapper;

namespace Parley.Server.Storage.Sql;

/// <summary>
/// Event callbacks on SQL (docs/callbacks.md). A claim moves the row's <c>next_attempt_at</c> to the end of its lease
/// and stamps a claim token in one statement, so "due" and "not claimed by anyone" are one condition on one indexed
/// column; a dispatcher that dies simply lets its rows fall due again when the lease ends. PostgreSQL claimers skip
/// each other's locked rows, and the outer condition is checked again on the row as it is after any concurrent claim,
/// so two claimers never both take a row. SQLite runs every such statement alone (one writer).
/// </summary>
internal sealed class SqlCallbackStore(SqlDialect database) : ICallbackStore
{
    private const string OutboxFull = "outbox full: pushed out by newer events of the app";

    private const string ClaimedColumns =
        "id AS Id, event_id AS EventId, sdk_app_id AS SdkAppId, event_type AS EventType, url AS Url, body AS Body, attempts AS Attempts, created_at AS CreatedAt";

    private const string DeadLetterColumns =
        "id AS Id, event_id AS EventId, sdk_app_id AS SdkAppId, event_type AS EventType, url AS Url, body AS Body, attempts AS Attempts, " +
        "last_error AS LastError, created_at AS CreatedAt, dead_at AS DeadAt";

    // An outbox row read as a dead letter to be (its death time is set by the caller).
    private const string OutboxAsDeadLetterColumns =
        "id AS Id, event_id AS EventId, sdk_app_id AS SdkAppId, event_type AS EventType, url AS Url, body AS Body, attempts AS Attempts, " +
        "last_error AS LastError, created_at AS CreatedAt, 0 AS DeadAt";

    public async Task<CallbackSettings?> GetSettingsAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition("""
            SELECT sdk_app_id AS SdkAppId, url AS Url, events AS Events, before_send_url AS BeforeSendUrl,
                   before_send_timeout_ms AS BeforeSendTimeoutMs, before_send_fail_open AS BeforeSendFailOpen,
                   signing_key AS SigningKey, updated_at AS UpdatedAt
            FROM callback_settings WHERE sdk_app_id = @sdkAppId
            """, new { sdkAppId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task PutSettingsAsync(CallbackSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO callback_settings (sdk_app_id, url, events, before_send_url, before_send_timeout_ms, before_send_fail_open, signing_key, updated_at)
            VALUES (@SdkAppId, @Url, @events, @BeforeSendUrl, @timeout, @failOpen, @SigningKey, @updatedAt)
            ON CONFLICT (sdk_app_id) DO UPDATE SET
                url = excluded.url, events = excluded.events, before_send_url = excluded.before_send_url,
                before_send_timeout_ms = excluded.before_send_timeout_ms, before_send_fail_open = excluded.before_send_fail_open,
                signing_key = excluded.signing_key, updated_at = excluded.updated_at
            """, new
        {
            settings.SdkAppId,
            settings.Url,
            events = settings.Events is null ? null : string.Join(",", settings.Events.Select(e => e.ToString(CultureInfo.InvariantCulture))),
            settings.BeforeSendUrl,
            timeout = (long)settings.BeforeSendTimeoutMs,
            failOpen = settings.BeforeSendFailOpen ? 1L : 0L,
            settings.SigningKey,
            updatedAt = DbTime.ToDb(settings.UpdatedAt),
        }, cancellationToken: cancellationToken));
    }

    public async Task<int> EnqueueAsync(IReadOnlyList<NewCallbackEvent> events, int maxPendingPerApp, int maxDeadLettersPerApp, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var nowDb = DbTime.ToDb(now);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO callback_outbox (event_id, sdk_app_id, event_type, url, body, attempts, created_at, next_attempt_at)
            VALUES (@EventId, @SdkAppId, @EventType, @Url, @Body, 0, @createdAt, @createdAt)
            """, events.Select(e => new { e.EventId, e.SdkAppId, EventType = (long)e.EventType, e.Url, e.Body, createdAt = DbTime.ToDb(e.CreatedAt) }),
            transaction, cancellationToken: cancellationToken));

        var evicted = 0;
        foreach (var sdkAppId in events.Select(e => e.SdkAppId).Distinct())
        {
            var pending = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM callback_outbox WHERE sdk_app_id = @sdkAppId", new { sdkAppId }, transaction, cancellationToken: cancellationToken));
            if (pending <= maxPendingPerApp)
            {
                continue;
            }

            // Bounded (docs/callbacks.md §5): the app's oldest waiting events make room, into the dead letters where an
            // operator still sees them. Rows being delivered right now are left to their dispatcher.
            var moved = (await connection.QueryAsync<DeadLetterRow>(new CommandDefinition($"""
                DELETE FROM callback_outbox
                WHERE id IN (SELECT id FROM callback_outbox WHERE sdk_app_id = @sdkAppId AND claim_token IS NULL ORDER BY id LIMIT @excess{database.SkipLocked})
                RETURNING {OutboxAsDeadLetterColumns}
                """, new { sdkAppId, excess = pending - maxPendingPerApp }, transaction, cancellationToken: cancellationToken))).OrderBy(r => r.Id).ToList();
            foreach (var row in moved)
            {
                row.LastError = OutboxFull;
                row.DeadAt = nowDb;
            }

            await InsertDeadLettersAsync(connection, transaction, moved, sdkAppId, maxDeadLettersPerApp, cancellationToken);
            evicted += moved.Count;
        }

        await transaction.CommitAsync(cancellationToken);
        return evicted;
    }

    public async Task<IReadOnlyList<ClaimedCallback>> ClaimDueAsync(string claimedBy, DateTimeOffset now, TimeSpan lease, int limit,
        CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var nowDb = DbTime.ToDb(now);
        await using var connection = await database.OpenAsync(cancellationToken);
        // The outer "next_attempt_at <= @now" is what keeps a row from being claimed twice on PostgreSQL: a claimer that
        // waited on a row another one just claimed sees the row's new, future next_attempt_at and leaves it.
        var rows = await connection.QueryAsync<ClaimedRow>(new CommandDefinition($"""
            UPDATE callback_outbox SET next_attempt_at = @until, claim_token = @token, claimed_by = @claimedBy
            WHERE id IN (SELECT id FROM callback_outbox WHERE next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit{database.SkipLocked})
              AND next_attempt_at <= @now
            RETURNING {ClaimedColumns}
            """, new { until = DbTime.ToDb(now + lease), token, claimedBy, now = nowDb, limit }, cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).Select(r => r.ToRecord(token)).ToList();
    }

    public async Task<bool> CompleteAsync(long id, string claimToken, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM callback_outbox WHERE id = @id AND claim_token = @claimToken", new { id, claimToken }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> RescheduleAsync(long id, string claimToken, int attempts, string url, string? lastError, DateTimeOffset nextAttemptAt,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE callback_outbox SET attempts = @attempts, url = @url, last_error = @lastError, next_attempt_at = @next, claim_token = NULL, claimed_by = NULL
            WHERE id = @id AND claim_token = @claimToken
            """, new { id, claimToken, attempts = (long)attempts, url, lastError, next = DbTime.ToDb(nextAttemptAt) }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> BuryAsync(long id, string claimToken, int attempts, string url, string? lastError, DateTimeOffset now, int maxDeadLettersPerApp,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeadLetterRow>(new CommandDefinition($"""
            DELETE FROM callback_outbox WHERE id = @id AND claim_token = @claimToken
            RETURNING {OutboxAsDeadLetterColumns}
            """, new { id, claimToken }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return false;
        }

        row.Attempts = attempts;
        row.Url = url;
        row.LastError = lastError;
        row.DeadAt = DbTime.ToDb(now);
        await InsertDeadLettersAsync(connection, transaction, [row], row.SdkAppId, maxDeadLettersPerApp, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task ReleaseAsync(IReadOnlyCollection<ClaimedCallback> claimed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (claimed.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE callback_outbox SET next_attempt_at = @now, claim_token = NULL, claimed_by = NULL WHERE id = @Id AND claim_token = @ClaimToken",
            claimed.Select(c => new { c.Id, c.ClaimToken, now = DbTime.ToDb(now) }), cancellationToken: cancellationToken));
    }

    public async Task<int> CountPendingAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM callback_outbox WHERE sdk_app_id = @sdkAppId", new { sdkAppId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(long sdkAppId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeadLetterRow>(new CommandDefinition($"""
            SELECT {DeadLetterColumns} FROM callback_dead_letters
            WHERE sdk_app_id = @sdkAppId AND id < @before
            ORDER BY id DESC LIMIT @limit
            """, new { sdkAppId, before = beforeId ?? long.MaxValue, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> RequeueDeadLetterAsync(long sdkAppId, long id, string url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeadLetterRow>(new CommandDefinition($"""
            DELETE FROM callback_dead_letters WHERE sdk_app_id = @sdkAppId AND id = @id
            RETURNING {DeadLetterColumns}
            """, new { sdkAppId, id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return false;
        }

        var nowDb = DbTime.ToDb(now);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO callback_outbox (event_id, sdk_app_id, event_type, url, body, attempts, created_at, next_attempt_at)
            VALUES (@EventId, @SdkAppId, @EventType, @url, @Body, 0, @CreatedAt, @now)
            """, new { row.EventId, row.SdkAppId, row.EventType, url, row.Body, row.CreatedAt, now = nowDb }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Adds dead letters of one app and forgets that app's oldest beyond <paramref name="maxPerApp"/>.</summary>
    private static async Task InsertDeadLettersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DeadLetterRow> rows, long sdkAppId,
        int maxPerApp, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO callback_dead_letters (event_id, sdk_app_id, event_type, url, body, attempts, last_error, created_at, dead_at)
            VALUES (@EventId, @SdkAppId, @EventType, @Url, @Body, @Attempts, @LastError, @CreatedAt, @DeadAt)
            """, rows, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM callback_dead_letters
            WHERE sdk_app_id = @sdkAppId AND id < (
                SELECT MIN(id) FROM (SELECT id FROM callback_dead_letters WHERE sdk_app_id = @sdkAppId ORDER BY id DESC LIMIT @maxPerApp) AS newest)
            """, new { sdkAppId, maxPerApp }, transaction, cancellationToken: cancellationToken));
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class SettingsRow
    {
        public long SdkAppId { get; set; }

        public string? Url { get; set; }

        public string? Events { get; set; }

        public string? BeforeSendUrl { get; set; }

        public long BeforeSendTimeoutMs { get; set; }

        public long BeforeSendFailOpen { get; set; }

        public string SigningKey { get; set; } = "";

        public long UpdatedAt { get; set; }

        public CallbackSettings ToRecord() => new(
            SdkAppId,
            Url,
            Events is null ? null : Events.Length == 0 ? [] : Events.Split(',').Select(e => int.Parse(e, CultureInfo.InvariantCulture)).ToList(),
            BeforeSendUrl,
            (int)BeforeSendTimeoutMs,
            BeforeSendFailOpen != 0,
            SigningKey,
            DbTime.FromDb(UpdatedAt));
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class ClaimedRow
    {
        public long Id { get; set; }

        public string EventId { get; set; } = "";

        public long SdkAppId { get; set; }

        public long EventType { get; set; }

        public string Url { get; set; } = "";

        public string Body { get; set; } = "";

        public long Attempts { get; set; }

        public long CreatedAt { get; set; }

        public ClaimedCallback ToRecord(string token) =>
            new(Id, EventId, SdkAppId, (int)EventType, Url, Body, (int)Attempts, DbTime.FromDb(CreatedAt), token);
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class DeadLetterRow
    {
        public long Id { get; set; }

        public string EventId { get; set; } = "";

        public long SdkAppId { get; set; }

        public long EventType { get; set; }

        public string Url { get; set; } = "";

        public string Body { get; set; } = "";

        public long Attempts { get; set; }

        public string? LastError { get; set; }

        public long CreatedAt { get; set; }

        public long DeadAt { get; set; }

        public DeadLetterRecord ToRecord() =>
            new(Id, EventId, SdkAppId, (int)EventType, Url, Body, (int)Attempts, LastError, DbTime.FromDb(CreatedAt), DbTime.FromDb(DeadAt));
    }
}
