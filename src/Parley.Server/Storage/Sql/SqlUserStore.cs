using System.Diagnostics.CodeAnalysis;
using Dapper;

namespace Parley.Server.Storage.Sql;

internal sealed class SqlUserStore(SqlDialect database) : IUserStore
{
    private const string SelectColumns = """
        SELECT sdk_app_id AS SdkAppId, display_identifier AS DisplayIdentifier,
               created_at AS CreatedAt, last_login_at AS LastLoginAt, nick AS Nick, face_url AS FaceUrl
        FROM users
        """;

    public async Task<string> RecordLoginAsync(long sdkAppId, string identifier, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        // The conflict clause keeps the first display spelling and only moves last_login_at (R2.1).
        const string sql = """
            INSERT INTO users (sdk_app_id, identifier_key, display_identifier, created_at, last_login_at)
            VALUES (@sdkAppId, @key, @identifier, @at, @at)
            ON CONFLICT (sdk_app_id, identifier_key) DO UPDATE SET last_login_at = excluded.last_login_at
            RETURNING display_identifier
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<string>(new CommandDefinition(sql, new
        {
            sdkAppId,
            key = UserKeys.KeyOf(identifier),
            identifier,
            at = DbTime.ToDb(at),
        }, cancellationToken: cancellationToken));
    }

    public async Task<string> ImportAsync(long sdkAppId, string identifier, string? nick, string? faceUrl, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        // Like a first login, the first spelling stays (R2.1); a re-import changes only what it brings.
        const string sql = """
            INSERT INTO users (sdk_app_id, identifier_key, display_identifier, created_at, last_login_at, nick, face_url)
            VALUES (@sdkAppId, @key, @identifier, @at, @at, @nick, @faceUrl)
            ON CONFLICT (sdk_app_id, identifier_key) DO UPDATE SET
                nick = COALESCE(excluded.nick, users.nick),
                face_url = COALESCE(excluded.face_url, users.face_url)
            RETURNING display_identifier
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<string>(new CommandDefinition(sql, new
        {
            sdkAppId,
            key = UserKeys.KeyOf(identifier),
            identifier,
            at = DbTime.ToDb(at),
            nick,
            faceUrl,
        }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(long sdkAppId, string identifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM users WHERE sdk_app_id = @sdkAppId AND identifier_key = @key",
            new { sdkAppId, key = UserKeys.KeyOf(identifier) }, cancellationToken: cancellationToken));
        return deleted > 0;
    }

    public async Task<IReadOnlySet<string>> FindKnownKeysAsync(long sdkAppId, IReadOnlyCollection<string> identifiers, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keys = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT identifier_key FROM users WHERE sdk_app_id = @sdkAppId AND " + database.InList("identifier_key", "keys"),
            new { sdkAppId, keys = identifiers.Select(UserKeys.KeyOf).Distinct(StringComparer.Ordinal).ToArray() }, cancellationToken: cancellationToken));
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<UserRecord?> FindAsync(long sdkAppId, string identifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            SelectColumns + " WHERE sdk_app_id = @sdkAppId AND identifier_key = @key",
            new { sdkAppId, key = UserKeys.KeyOf(identifier) }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<UserRecord>> ListAsync(long sdkAppId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(
            SelectColumns + " WHERE sdk_app_id = @sdkAppId ORDER BY identifier_key LIMIT @limit",
            new { sdkAppId, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class UserRow
    {
        public long SdkAppId { get; set; }

        public string DisplayIdentifier { get; set; } = "";

        public long CreatedAt { get; set; }

        public long LastLoginAt { get; set; }

        public string? Nick { get; set; }

        public string? FaceUrl { get; set; }

        public UserRecord ToRecord() =>
            new(SdkAppId, DisplayIdentifier, DbTime.FromDb(CreatedAt), DbTime.FromDb(LastLoginAt), Nick, FaceUrl);
    }
}
