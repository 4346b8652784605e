using Microsoft.Data.Sqlite;
using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests;

/// <summary>What is SQLite's own (the contract of every provider is <see cref="Storage.StoreContract"/>) and the provider choice.</summary>
public sealed class StorageTests
{
    [Fact]
    public async Task The_database_runs_in_WAL_mode()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "parley.db")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Unusable_storage_settings_fail_fast_naming_the_key()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => ParleyStoreFactory.Validate(new StorageOptions { Provider = "postgres" }));
        var malformed = Assert.Throws<InvalidOperationException>(() =>
            ParleyStoreFactory.Validate(new StorageOptions { Provider = "postgres", ConnectionString = "Host=db;Bogus Key=1" }));
        var unknown = Assert.Throws<InvalidOperationException>(() => ParleyStoreFactory.Validate(new StorageOptions { Provider = "oracle" }));

        Assert.Contains("Storage:ConnectionString", missing.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", malformed.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider 'oracle'", unknown.Message, StringComparison.Ordinal);
        ParleyStoreFactory.Validate(new StorageOptions { Provider = "postgres", ConnectionString = "Host=db;Database=parley;Username=parley" });
    }
}
