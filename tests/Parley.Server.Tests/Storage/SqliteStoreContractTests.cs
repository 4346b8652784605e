using Parley.Server.Storage.Sql;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests.Storage;

/// <summary>The storage contract on SQLite: a database file in a temp folder per store.</summary>
public sealed class SqliteStoreContractTests : StoreContract
{
    private readonly List<TempDirectory> _directories = [];

    protected override Task<(SqlParleyStore Store, Func<SqlParleyStore> OpenAgain)> CreateEmptyStoreAsync()
    {
        var directory = new TempDirectory();
        _directories.Add(directory);
        (SqlParleyStore, Func<SqlParleyStore>) created =
            (SqliteParleyStore.ForDataDirectory(directory.Path, Time), () => SqliteParleyStore.ForDataDirectory(directory.Path, Time));
        return Task.FromResult(created);
    }

    protected override Task DropDatabasesAsync()
    {
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }

        return Task.CompletedTask;
    }
}
