using System.Diagnostics.CodeAnalysis;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

internal sealed class SqliteAppStore(SqliteConnectionFactory connections) : IAppStore
{
    // SQLite result code of a UNIQUE/PRIMARY KEY violation (https://www.sqlite.org/rescode.html#constraint).
    private const int SqliteConstraint = 19;

    private const string ReturnedColumns = """
        sdk_app_id AS SdkAppId, account_type AS AccountType, name AS Name, secret_key AS SecretKey,
        public_key_pem AS PublicKeyPem, created_at AS CreatedAt, require_private_map_key AS RequirePrivateMapKey
        """;

    private const string SelectColumns = """
        SELECT sdk_app_id AS SdkAppId, account_type AS AccountType, name AS Name, secret_key AS SecretKey,
               public_key_pem AS PublicKeyPem, created_at AS CreatedAt, require_private_map_key AS RequirePrivateMapKey
        FROM apps
        """;

    public async Task<AppRecord> CreateAsync(NewApp app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        // One statement computes the next id and inserts it: SQLite runs writers one at a time, so two concurrent
        // creates can never read the same MAX. The two-argument MAX() applies the floor.
        const string sql = """
            INSERT INTO apps (sdk_app_id, account_type, name, secret_key, public_key_pem, created_at, require_private_map_key)
            SELECT next.id,
                   COALESCE(@AccountType, next.account_type),
                   @Name, @SecretKey, @PublicKeyPem, @CreatedAt, @RequirePrivateMapKey
            FROM (SELECT MAX(COALESCE(MAX(sdk_app_id) + 1, @FirstSdkAppId), @FirstSdkAppId) AS id,
                         MAX(COALESCE(MAX(account_type) + 1, @FirstAccountType), @FirstAccountType) AS account_type
                  FROM apps) AS next
            RETURNING sdk_app_id AS SdkAppId, account_type AS AccountType
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            var ids = await connection.QuerySingleAsync<AllocatedIds>(new CommandDefinition(sql, new
            {
                app.AccountType,
                app.Name,
                app.SecretKey,
                app.PublicKeyPem,
                CreatedAt = SqliteTime.ToDb(app.CreatedAt),
                RequirePrivateMapKey = app.RequirePrivateMapKey ? 1 : 0,
                AppIdAllocation.FirstSdkAppId,
                AppIdAllocation.FirstAccountType,
            }, cancellationToken: cancellationToken));
            // Read back as stored (millisecond precision), so the record equals what Find returns later.
            return new AppRecord(ids.SdkAppId, ids.AccountType, app.Name, app.SecretKey, app.PublicKeyPem, SqliteTime.FromDb(SqliteTime.ToDb(app.CreatedAt)),
                app.RequirePrivateMapKey);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            throw new StoreConflictException($"accountType {app.AccountType} is already used by another app.", e);
        }
    }

    public async Task<IReadOnlyList<AppRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AppRow>(new CommandDefinition(
            SelectColumns + " ORDER BY sdk_app_id", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<AppRecord?> FindAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AppRow>(new CommandDefinition(
            SelectColumns + " WHERE sdk_app_id = @sdkAppId", new { sdkAppId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<AppRecord?> SetRequirePrivateMapKeyAsync(long sdkAppId, bool required, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AppRow>(new CommandDefinition(
            "UPDATE apps SET require_private_map_key = @required WHERE sdk_app_id = @sdkAppId RETURNING " + ReturnedColumns,
            new { sdkAppId, required = required ? 1 : 0 }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<bool> DeleteAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        // Everything scoped to the app goes with it, atomically (R1.2).
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        var args = new { sdkAppId };
        // Everything the app owns, then the app (tables are fixed names, not input).
        foreach (var table in (string[])["roles", "users", "group_members", "group_messages", "group_join_requests", "groups", "c2c_messages", "c2c_read",
                     "system_notifications"])
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {table} WHERE sdk_app_id = @sdkAppId", args, transaction, cancellationToken: cancellationToken));
        }

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM apps WHERE sdk_app_id = @sdkAppId", args, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class AllocatedIds
    {
        public long SdkAppId { get; set; }

        public long AccountType { get; set; }
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class AppRow
    {
        public long SdkAppId { get; set; }

        public long AccountType { get; set; }

        public string Name { get; set; } = "";

        public string SecretKey { get; set; } = "";

        public string? PublicKeyPem { get; set; }

        public long CreatedAt { get; set; }

        public long RequirePrivateMapKey { get; set; }

        public AppRecord ToRecord() =>
            new(SdkAppId, AccountType, Name, SecretKey, PublicKeyPem, SqliteTime.FromDb(CreatedAt), RequirePrivateMapKey != 0);
    }
}
