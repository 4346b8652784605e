using Npgsql;
using Parley.Server.Storage.Sql;

namespace Parley.Server.Storage.Postgres;

/// <summary>
/// The PostgreSQL provider: one database shared by every node of a cluster. Connections come from one pooled data
/// source (its size is the connection string's <c>Maximum Pool Size</c>, or <c>Storage:MaxPoolSize</c>).
/// </summary>
public sealed class PostgresParleyStore : SqlParleyStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresParleyStore(string connectionString, TimeProvider time, int maxPoolSize = 0)
        : this(CreateDataSource(connectionString, maxPoolSize), time)
    {
    }

    private PostgresParleyStore(NpgsqlDataSource dataSource, TimeProvider time)
        : base(new PostgresDialect(dataSource), PostgresMigrations.All, time)
    {
        _dataSource = dataSource;
    }

    public override string ProviderName => StorageOptions.PostgresProvider;

    /// <summary>The pooled connections, for what lives in the database beside the stores (uploaded files).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    private static NpgsqlDataSource CreateDataSource(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (maxPoolSize > 0)
        {
            builder.MaxPoolSize = maxPoolSize;
        }

        return NpgsqlDataSource.Create(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await DrainWritesAsync();
        await _dataSource.DisposeAsync();
    }
}
