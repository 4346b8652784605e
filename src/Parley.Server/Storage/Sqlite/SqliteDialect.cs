using System.Data.Common;
using Microsoft.Data.Sqlite;
using Parley.Server.Storage.Sql;

namespace Parley.Server.Storage.Sqlite;

/// <summary>
/// SQLite behind the shared stores: pooled connections to one database file. SQLite serializes writers (a transaction
/// begins IMMEDIATE, taking the write lock) and the busy timeout makes a writer wait for the lock instead of failing,
/// so <see cref="LockAsync"/> has nothing left to do.
/// </summary>
internal sealed class SqliteDialect(string connectionString) : SqlDialect
{
    // SQLite result code of a UNIQUE/PRIMARY KEY violation (https://www.sqlite.org/rescode.html#constraint).
    private const int SqliteConstraint = 19;

    public string ConnectionString { get; } = connectionString;

    public override string InList(string column, string parameter) => $"{column} IN @{parameter}";

    public override string SkipLocked => "";

    public override bool IsUniqueViolation(DbException exception) => exception is SqliteException { SqliteErrorCode: SqliteConstraint };

    public override Task LockAsync(DbConnection connection, DbTransaction transaction, string resource, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenSqliteAsync(cancellationToken);

    public async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Builds the connection string for a data directory (created when missing).</summary>
    public static string ConnectionStringFor(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "parley.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Seconds a command waits for a lock held by another writer before SQLITE_BUSY surfaces.
            DefaultTimeout = 30,
        }.ToString();
    }
}
