using System.Diagnostics.CodeAnalysis;
using Dapper;
using System.Data.Common;

namespace Parley.Server.Storage.Sql;

internal sealed class SqlAppStore(SqlDialect database) : IAppStore
{
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
        // One statement computes the next id and inserts it, under the "apps" lock so two concurrent creates can never
        // read the same MAX (SQLite: its single writer; PostgreSQL: an advisory lock). The CASE applies the floor.
        const string sql = """
            INSERT INTO apps (sdk_app_id, account_type, name, secret_key, public_key_pem, created_at, require_private_map_key)
            SELECT CASE WHEN next.id < @FirstSdkAppId THEN @FirstSdkAppId ELSE next.id END,
                   COALESCE(@AccountType, CASE WHEN next.account_type < @FirstAccountType THEN @FirstAccountType ELSE next.account_type END),
                   @Name, @SecretKey, @PublicKeyPem, @CreatedAt, @RequirePrivateMapKey
            FROM (SELECT COALESCE(MAX(sdk_app_id) + 1, @FirstSdkAppId) AS id,
                         COALESCE(MAX(account_type) + 1, @FirstAccountType) AS account_type
                  FROM apps) AS next
            RETURNING sdk_app_id AS SdkAppId, account_type AS AccountType
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await database.LockAsync(connection, transaction, "apps", cancellationToken);
            var ids = await connection.QuerySingleAsync<AllocatedIds>(new CommandDefinition(sql, new
            {
                app.AccountType,
                app.Name,
                app.SecretKey,
                app.PublicKeyPem,
                CreatedAt = DbTime.ToDb(app.CreatedAt),
                RequirePrivateMapKey = app.RequirePrivateMapKey ? 1 : 0,
                AppIdAllocation.FirstSdkAppId,
                AppIdAllocation.FirstAccountType,
            }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            // Read back as stored (millisecond precision), so the record equals what Find returns later.
            return new AppRecord(ids.SdkAppId, ids.AccountType, app.Name, app.SecretKey, app.PublicKeyPem, DbTime.FromDb(DbTime.ToDb(app.CreatedAt)),
                app.RequirePrivateMapKey);
        }
        catch (DbException e) when (database.IsUniqueViolation(e))
        {
            throw new StoreConflictException($"accountType {app.AccountType} is already used by another app.", e);
        }
    }

    public async Task<IReadOnlyList<AppRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AppRow>(new CommandDefinition(
            SelectColumns + " ORDER BY sdk_app_id", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<AppRecord?> FindAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AppRow>(new CommandDefinition(
            SelectColumns + " WHERE sdk_app_id = @sdkAppId", new { sdkAppId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<AppRecord?> SetRequirePrivateMapKeyAsync(long sdkAppId, bool required, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AppRow>(new CommandDefinition(
            "UPDATE apps SET require_private_map_key = @required WHERE sdk_app_id = @sdkAppId RETURNING " + ReturnedColumns,
            new { sdkAppId, required = required ? 1 : 0 }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<AppRecord?> ReplaceKeysAsync(long sdkAppId, string? secretKey, string? publicKeyPem, CancellationToken cancellationToken)
    {
        // COALESCE in the one UPDATE: two concurrent rotations of different keys never undo each other.
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AppRow>(new CommandDefinition(
            "UPDATE apps SET secret_key = COALESCE(@secretKey, secret_key), public_key_pem = COALESCE(@publicKeyPem, public_key_pem) "
            + "WHERE sdk_app_id = @sdkAppId RETURNING " + ReturnedColumns,
            new { sdkAppId, secretKey, publicKeyPem }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<bool> DeleteAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        // Everything scoped to the app goes with it, atomically (R1.2).
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
            new(SdkAppId, AccountType, Name, SecretKey, PublicKeyPem, DbTime.FromDb(CreatedAt), RequirePrivateMapKey != 0);
    }
}
