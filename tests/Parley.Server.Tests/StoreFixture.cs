using Microsoft.Extensions.Time.Testing;
using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests;

/// <summary>A migrated SQLite store in its own temp folder, on a fake clock.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    private StoreFixture()
    {
        Store = SqliteParleyStore.ForDataDirectory(_directory.Path, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public SqliteParleyStore Store { get; }

    public string DataDirectory => _directory.Path;

    public static async Task<StoreFixture> CreateAsync()
    {
        var fixture = new StoreFixture();
        await fixture.Store.MigrateAsync(CancellationToken.None);
        return fixture;
    }

    public Task<AppRecord> NewAppAsync(string name = "test", long? accountType = null) =>
        Store.Apps.CreateAsync(new NewApp(name, accountType, new string('a', 64), null, Time.GetUtcNow()), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }
}
