using System.Diagnostics.CodeAnalysis;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

/// <summary>The SQLite provider: one database file in WAL mode (readers never block the single writer).</summary>
public sealed class SqliteParleyStore : IParleyStore
{
    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _time;
    private int _disposed;

    public SqliteParleyStore(string connectionString, TimeProvider time)
    {
        _connections = new SqliteConnectionFactory(connectionString);
        _time = time;
        Apps = new SqliteAppStore(_connections);
        Roles = new SqliteRoleStore(_connections);
        Users = new SqliteUserStore(_connections);
        Groups = new SqliteGroupStore(_connections);
        Messages = new SqliteMessageStore(_connections);
        Settings = new SqliteSettingsStore(_connections);
    }

    /// <summary>A store on <c>parley.db</c> inside <paramref name="dataDirectory"/> (created when missing).</summary>
    public static SqliteParleyStore ForDataDirectory(string dataDirectory, TimeProvider time) =>
        new(SqliteConnectionFactory.ConnectionStringFor(dataDirectory), time);

    public string ProviderName => StorageOptions.SqliteProvider;

    public IAppStore Apps { get; }

    public IRoleStore Roles { get; }

    public IUserStore Users { get; }

    public Parley.Signaling.Abstractions.IGroupStore Groups { get; }

    public Parley.Signaling.Abstractions.IMessageStore Messages { get; }

    public ISettingsStore Settings { get; }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        // WAL is a property of the database file, so setting it once per start is enough; it cannot change inside a
        // transaction, hence before BEGIN.
        await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: cancellationToken));

        // BeginTransaction() is BEGIN IMMEDIATE: two servers starting on one file apply the migrations once.
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """, transaction: transaction, cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
        var now = SqliteTime.ToDb(_time.GetUtcNow());
        foreach (var migration in SqliteMigrations.All.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @now)",
                new { migration.Version, migration.Name, now }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AppliedMigration>> GetAppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MigrationRow>(new CommandDefinition(
            "SELECT version AS Version, name AS Name, applied_at AS AppliedAt FROM schema_migrations ORDER BY version",
            cancellationToken: cancellationToken));
        return rows.Select(r => new AppliedMigration((int)r.Version, r.Name, SqliteTime.FromDb(r.AppliedAt))).ToList();
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations", cancellationToken: cancellationToken)) > 0;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Folds the WAL back into the database file and closes the pooled connections, so a stopped server leaves one
    /// self-contained file and its data directory can be deleted or copied.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // The host disposes at shutdown and the DI container disposes again; flushing once is enough.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await using var connection = await _connections.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            SqliteConnection.ClearPool(connection);
        }
        catch (SqliteException)
        {
            // A database that cannot be opened any more has nothing to flush.
        }
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class MigrationRow
    {
        public long Version { get; set; }

        public string Name { get; set; } = "";

        public long AppliedAt { get; set; }
    }
}
