using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Parley.Server.Storage.Sql;

namespace Parley.Server.Storage.Sqlite;

/// <summary>The SQLite provider: one database file in WAL mode (readers never block the single writer).</summary>
public sealed class SqliteParleyStore : SqlParleyStore
{
    private readonly SqliteDialect _database;
    private int _disposed;

    public SqliteParleyStore(string connectionString, TimeProvider time)
        : this(new SqliteDialect(connectionString), time)
    {
    }

    private SqliteParleyStore(SqliteDialect database, TimeProvider time)
        : base(database, SqliteMigrations.All, time)
    {
        _database = database;
    }

    /// <summary>A store on <c>parley.db</c> inside <paramref name="dataDirectory"/> (created when missing).</summary>
    public static SqliteParleyStore ForDataDirectory(string dataDirectory, TimeProvider time) =>
        new(SqliteDialect.ConnectionStringFor(dataDirectory), time);

    public override string ProviderName => StorageOptions.SqliteProvider;

    // WAL is a property of the database file, so setting it once per start is enough; it cannot change inside a
    // transaction, hence before BEGIN.
    private protected override Task BeforeMigratingAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: cancellationToken));

    /// <summary>
    /// Folds the WAL back into the database file and closes the pooled connections, so a stopped server leaves one
    /// self-contained file and its data directory can be deleted or copied.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        // The host disposes at shutdown and the DI container disposes again; flushing once is enough.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await DrainWritesAsync();
        try
        {
            await using var connection = await _database.OpenSqliteAsync(CancellationToken.None);
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            SqliteConnection.ClearPool(connection);
        }
        catch (SqliteException)
        {
            // A database that cannot be opened any more has nothing to flush.
        }
    }
}
