using Npgsql;

namespace Parley.Server.Cluster;

/// <summary>
/// The PostgreSQL database the cluster's membership lives in: the store's own (<c>Storage:ConnectionString</c>), whose
/// migrations create the membership tables. A small pool of its own, so membership never waits behind message writes.
/// </summary>
internal sealed class ClusterDatabase(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 8 });

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
