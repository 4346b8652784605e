using Parley.Server.Storage.Postgres;
using Parley.Server.Storage.Sql;
using Parley.Testing;

namespace Parley.Server.Tests.Storage;

/// <summary>The storage contract on PostgreSQL: a fresh database per store on the test run's throwaway server.</summary>
public sealed class PostgresStoreContractTests : StoreContract
{
    private readonly List<string> _databases = [];
    private PostgresServer? _server;

    protected override async Task<(SqlParleyStore Store, Func<SqlParleyStore> OpenAgain)> CreateEmptyStoreAsync()
    {
        _server ??= await PostgresServer.GetAsync();
        var connectionString = await _server.CreateDatabaseAsync("contract");
        _databases.Add(connectionString);
        return (new PostgresParleyStore(connectionString, Time), () => new PostgresParleyStore(connectionString, Time));
    }

    protected override async Task DropDatabasesAsync()
    {
        foreach (var database in _databases)
        {
            await _server!.DropDatabaseAsync(database);
        }
    }
}
