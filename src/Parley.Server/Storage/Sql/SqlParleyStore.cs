using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Dapper;

namespace Parley.Server.Storage.Sql;

/// <summary>
/// A store on a SQL engine: the shared stores on one <see cref="SqlDialect"/>, and the migration runner over the
/// engine's own schema history. Providers add what is theirs (SQLite's WAL and checkpoint, PostgreSQL's data source).
/// </summary>
public abstract class SqlParleyStore : IParleyStore
{
    private readonly SqlDialect _database;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly TimeProvider _time;
    // Group commit of the message writes senders wait on (C2C and group messages).
    private readonly SqlCommitBatcher _messageWrites;

    private protected SqlParleyStore(SqlDialect database, IReadOnlyList<SchemaMigration> migrations, TimeProvider time)
    {
        _database = database;
        _migrations = migrations;
        _time = time;
        Apps = new SqlAppStore(database);
        Roles = new SqlRoleStore(database);
        Users = new SqlUserStore(database);
        _messageWrites = new SqlCommitBatcher(database);
        Groups = new SqlGroupStore(database, _messageWrites);
        Messages = new SqlMessageStore(database, _messageWrites);
        Settings = new SqlSettingsStore(database);
        Callbacks = new SqlCallbackStore(database);
    }

    public abstract string ProviderName { get; }

    public IAppStore Apps { get; }

    public IRoleStore Roles { get; }

    public IUserStore Users { get; }

    public Parley.Signaling.Abstractions.IGroupStore Groups { get; }

    public Parley.Signaling.Abstractions.IMessageStore Messages { get; }

    public ISettingsStore Settings { get; }

    public ICallbackStore Callbacks { get; }

    /// <summary>The newest schema version this build knows.</summary>
    public int LatestSchemaVersion => _migrations.Max(m => m.Version);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await BeforeMigratingAsync(connection, cancellationToken);

        // Two servers starting on one database apply the migrations once: the lock (SQLite: the write lock of BEGIN
        // IMMEDIATE; PostgreSQL: an advisory lock) makes the second wait and then find them applied.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _database.LockAsync(connection, transaction, "schema_migrations", cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    bigint NOT NULL PRIMARY KEY,
                name       text   NOT NULL,
                applied_at bigint NOT NULL
            )
            """, transaction: transaction, cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
        if (applied.Count > 0 && applied.Max() > LatestSchemaVersion)
        {
            throw new InvalidOperationException(
                $"The {ProviderName} database is at schema version {applied.Max()}, newer than this build knows ({LatestSchemaVersion}): run a newer Parley.");
        }

        var now = DbTime.ToDb(_time.GetUtcNow());
        foreach (var migration in _migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @now)",
                new { Version = (long)migration.Version, migration.Name, now }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Engine settings that cannot change inside a transaction (SQLite's journal mode).</summary>
    private protected virtual Task BeforeMigratingAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<AppliedMigration>> GetAppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MigrationRow>(new CommandDefinition(
            "SELECT version AS Version, name AS Name, applied_at AS AppliedAt FROM schema_migrations ORDER BY version",
            cancellationToken: cancellationToken));
        return rows.Select(r => new AppliedMigration((int)r.Version, r.Name, DbTime.FromDb(r.AppliedAt))).ToList();
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations", cancellationToken: cancellationToken)) > 0;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            return false;
        }
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>Commits the message writes still queued and stops taking new ones; the first step of closing the store.</summary>
    private protected ValueTask DrainWritesAsync() => _messageWrites.DisposeAsync();

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class MigrationRow
    {
        public long Version { get; set; }

        public string Name { get; set; } = "";

        public long AppliedAt { get; set; }
    }
}
