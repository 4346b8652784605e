using Microsoft.Extensions.Time.Testing;
using Parley.Server.Storage;
using Parley.Server.Storage.Sql;

namespace Parley.Server.Tests.Storage;

/// <summary>
/// The storage contract: every test here runs once per provider (<see cref="SqliteStoreContractTests"/>,
/// <see cref="PostgresStoreContractTests"/>), each on a fresh, migrated database on a fake clock. A provider is done
/// when this whole suite passes on it.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    private readonly List<SqlParleyStore> _opened = [];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The migrated store under test.</summary>
    protected SqlParleyStore Store { get; private set; } = null!;

    private Func<SqlParleyStore> _openAgain = null!;

    /// <summary>A store on a new, empty database (not migrated), and how to open another store on that same database.</summary>
    protected abstract Task<(SqlParleyStore Store, Func<SqlParleyStore> OpenAgain)> CreateEmptyStoreAsync();

    /// <summary>Removes the databases this test made.</summary>
    protected abstract Task DropDatabasesAsync();

    /// <summary>A second store on the test's database: another node, or the same node after a restart.</summary>
    protected SqlParleyStore OpenAgain()
    {
        var store = _openAgain();
        _opened.Add(store);
        return store;
    }

    public async Task InitializeAsync()
    {
        (Store, _openAgain) = await CreateEmptyStoreAsync();
        _opened.Add(Store);
        await Store.MigrateAsync(None);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await DropDatabasesAsync();
    }

    protected Task<AppRecord> NewAppAsync(string name = "test", long? accountType = null) =>
        Store.Apps.CreateAsync(new NewApp(name, accountType, new string('a', 64), null, Time.GetUtcNow()), None);

    [Fact]
    public async Task Migrations_are_recorded_once_and_rerunning_them_changes_nothing()
    {
        var first = await Store.GetAppliedMigrationsAsync(None);

        Time.Advance(TimeSpan.FromHours(1));
        await Store.MigrateAsync(None);
        var reopened = OpenAgain();
        await reopened.MigrateAsync(None);

        var again = await reopened.GetAppliedMigrationsAsync(None);
        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.Equal(Enumerable.Range(1, first.Count), again.Select(m => m.Version));
        Assert.Equal(Store.LatestSchemaVersion, again[^1].Version);
    }

    [Fact]
    public async Task Two_nodes_migrating_one_empty_database_at_once_apply_each_migration_once()
    {
        var (empty, openAgain) = await CreateEmptyStoreAsync();
        _opened.Add(empty);
        var second = openAgain();
        _opened.Add(second);

        await Task.WhenAll(Task.Run(() => empty.MigrateAsync(None)), Task.Run(() => second.MigrateAsync(None)));

        var applied = await second.GetAppliedMigrationsAsync(None);
        Assert.Equal(Enumerable.Range(1, empty.LatestSchemaVersion), applied.Select(m => m.Version));
    }

    [Fact]
    public async Task Ping_answers_true_on_a_migrated_database_and_false_on_an_unmigrated_one()
    {
        var (unmigrated, _) = await CreateEmptyStoreAsync();
        _opened.Add(unmigrated);

        Assert.True(await Store.PingAsync(None));
        Assert.False(await unmigrated.PingAsync(None));
    }
}
