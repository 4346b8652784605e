using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

/// <summary>
/// Opens pooled connections to one database file. Each operation opens its own connection (the pool makes that
/// cheap), so concurrent requests never share a connection; SQLite serializes writers and the busy timeout
/// makes a writer wait for the lock instead of failing.
/// </summary>
internal sealed class SqliteConnectionFactory(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
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
