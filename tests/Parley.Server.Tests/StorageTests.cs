using Microsoft.Data.Sqlite;
using Parley.Protocol.Roles;
using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests;

public sealed class StorageTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static RoleDefinition Role(string name, string platform = Platform.Web, bool isDefault = false, int width = 1280) =>
        new(name, platform, new VideoParameters(width, 720, 30, 600, 1500), new AudioParameters(48000, 2, 64), isDefault);

    [Fact]
    public async Task Migrations_are_recorded_once_and_rerunning_them_changes_nothing()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var first = await fixture.Store.GetAppliedMigrationsAsync(None);

        fixture.Time.Advance(TimeSpan.FromHours(1));
        await fixture.Store.MigrateAsync(None);
        await using var reopened = SqliteParleyStore.ForDataDirectory(fixture.DataDirectory, fixture.Time);
        await reopened.MigrateAsync(None);

        var again = await reopened.GetAppliedMigrationsAsync(None);
        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.Equal(Enumerable.Range(1, first.Count), again.Select(m => m.Version));
    }

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
    public async Task App_ids_start_at_1400000001_and_count_up_from_the_highest()
    {
        await using var fixture = await StoreFixture.CreateAsync();

        var first = await fixture.NewAppAsync();
        var second = await fixture.NewAppAsync();
        await fixture.Store.Apps.DeleteAsync(first.SdkAppId, None);
        var third = await fixture.NewAppAsync();

        Assert.Equal(AppIdAllocation.FirstSdkAppId, first.SdkAppId); // R1.1
        Assert.Equal(first.SdkAppId + 1, second.SdkAppId);
        Assert.Equal(second.SdkAppId + 1, third.SdkAppId);
        Assert.Equal(AppIdAllocation.FirstAccountType, first.AccountType);
        Assert.Equal(first.AccountType + 1, second.AccountType);
    }

    [Fact]
    public async Task Twenty_concurrent_creates_get_twenty_distinct_ids()
    {
        await using var fixture = await StoreFixture.CreateAsync();

        var apps = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => fixture.NewAppAsync($"app{i}"))));

        Assert.Equal(20, apps.Select(a => a.SdkAppId).Distinct().Count());
        Assert.Equal(20, apps.Select(a => a.AccountType).Distinct().Count());
        Assert.Equal(AppIdAllocation.FirstSdkAppId + 19, apps.Max(a => a.SdkAppId));
    }

    [Fact]
    public async Task An_explicit_account_type_already_in_use_is_a_conflict()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        await fixture.NewAppAsync(accountType: 50_000);

        await Assert.ThrowsAsync<StoreConflictException>(() => fixture.NewAppAsync(accountType: 50_000));
        var next = await fixture.NewAppAsync();
        Assert.Equal(50_001, next.AccountType); // automatic ones continue above the highest, so never collide
    }

    [Fact]
    public async Task Apps_round_trip_with_their_keys_and_creation_time()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var created = await fixture.Store.Apps.CreateAsync(
            new NewApp("Shop", null, "ab".PadRight(64, 'c'), "-----BEGIN PUBLIC KEY-----\nxyz\n-----END PUBLIC KEY-----", fixture.Time.GetUtcNow()), None);

        var found = await fixture.Store.Apps.FindAsync(created.SdkAppId, None);
        var listed = await fixture.Store.Apps.ListAsync(None);

        Assert.Equal(created, found);
        Assert.Equal([created], listed);
        Assert.Null(await fixture.Store.Apps.FindAsync(created.SdkAppId + 1, None));
    }

    [Fact]
    public async Task Roles_and_users_of_one_app_are_invisible_to_another()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var a = await fixture.NewAppAsync("A");
        var b = await fixture.NewAppAsync("B");
        await fixture.Store.Roles.UpsertAsync(a.SdkAppId, Role("anchor"), None);
        await fixture.Store.Users.RecordLoginAsync(a.SdkAppId, "alice", fixture.Time.GetUtcNow(), None);

        // R1.2: nothing crosses apps.
        Assert.Empty(await fixture.Store.Roles.ListAsync(b.SdkAppId, null, None));
        Assert.Null(await fixture.Store.Users.FindAsync(b.SdkAppId, "alice", None));
        Assert.Empty(await fixture.Store.Users.ListAsync(b.SdkAppId, 100, None));
        Assert.False(await fixture.Store.Roles.DeleteAsync(b.SdkAppId, Platform.Web, "anchor", None));
        Assert.Single(await fixture.Store.Roles.ListAsync(a.SdkAppId, null, None));

        // The same identifier in app B is a different user with its own spelling.
        Assert.Equal("ALICE", await fixture.Store.Users.RecordLoginAsync(b.SdkAppId, "ALICE", fixture.Time.GetUtcNow(), None));
        Assert.Equal("alice", (await fixture.Store.Users.FindAsync(a.SdkAppId, "Alice", None))?.Identifier);
    }

    [Fact]
    public async Task Deleting_an_app_deletes_its_roles_and_users_but_not_other_apps_data()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var a = await fixture.NewAppAsync("A");
        var b = await fixture.NewAppAsync("B");
        foreach (var app in new[] { a, b })
        {
            await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor"), None);
            await fixture.Store.Users.RecordLoginAsync(app.SdkAppId, "alice", fixture.Time.GetUtcNow(), None);
        }

        Assert.True(await fixture.Store.Apps.DeleteAsync(a.SdkAppId, None));
        Assert.False(await fixture.Store.Apps.DeleteAsync(a.SdkAppId, None));

        Assert.Empty(await fixture.Store.Roles.ListAsync(a.SdkAppId, null, None));
        Assert.Null(await fixture.Store.Users.FindAsync(a.SdkAppId, "alice", None));
        Assert.Single(await fixture.Store.Roles.ListAsync(b.SdkAppId, null, None));
        Assert.NotNull(await fixture.Store.Users.FindAsync(b.SdkAppId, "alice", None));
    }

    [Fact]
    public async Task Users_are_case_insensitive_and_keep_the_first_spelling()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        var firstLogin = fixture.Time.GetUtcNow();

        var first = await fixture.Store.Users.RecordLoginAsync(app.SdkAppId, "Alice", firstLogin, None);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await fixture.Store.Users.RecordLoginAsync(app.SdkAppId, "aLICE", fixture.Time.GetUtcNow(), None);

        // R2.1: Alice and alice are one user.
        Assert.Equal("Alice", first);
        Assert.Equal("Alice", second);
        var user = await fixture.Store.Users.FindAsync(app.SdkAppId, "ALICE", None);
        Assert.Equal(new UserRecord(app.SdkAppId, "Alice", firstLogin, firstLogin.AddMinutes(5)), user);
        Assert.Single(await fixture.Store.Users.ListAsync(app.SdkAppId, 10, None));
    }

    [Fact]
    public async Task Concurrent_first_logins_in_different_spellings_create_one_user()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        string[] spellings = ["bob", "Bob", "BOB", "bOb", "boB", "BoB", "bOB", "BOb"];

        var answers = await Task.WhenAll(spellings.Select(s => Task.Run(() => fixture.Store.Users.RecordLoginAsync(app.SdkAppId, s, fixture.Time.GetUtcNow(), None))));

        Assert.Single(answers.Distinct());
        Assert.Single(await fixture.Store.Users.ListAsync(app.SdkAppId, 10, None));
    }

    [Fact]
    public async Task Marking_a_role_default_unmarks_the_previous_default_of_that_platform_only()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", isDefault: true), None);
        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", Platform.Android, isDefault: true), None);

        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("audience", isDefault: true), None);

        var web = await fixture.Store.Roles.ListAsync(app.SdkAppId, Platform.Web, None);
        Assert.Equal(["audience"], web.Where(r => r.IsDefault).Select(r => r.Name));
        Assert.True(Assert.Single(await fixture.Store.Roles.ListAsync(app.SdkAppId, Platform.Android, None)).IsDefault);
    }

    [Fact]
    public async Task Upserting_a_role_replaces_its_parameters_and_delete_removes_it()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", width: 1280), None);

        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", width: 1920), None);

        Assert.Equal(Role("anchor", width: 1920), Assert.Single(await fixture.Store.Roles.ListAsync(app.SdkAppId, null, None)));
        Assert.True(await fixture.Store.Roles.DeleteAsync(app.SdkAppId, Platform.Web, "anchor", None));
        Assert.Empty(await fixture.Store.Roles.ListAsync(app.SdkAppId, null, None));
    }

    [Fact]
    public async Task GetOrAdd_keeps_the_first_value_of_a_setting()
    {
        await using var fixture = await StoreFixture.CreateAsync();

        var first = await fixture.Store.Settings.GetOrAddAsync("k", "one", None);
        var second = await fixture.Store.Settings.GetOrAddAsync("k", "two", None);
        await fixture.Store.Settings.SetAsync("other", "x", None);

        Assert.Equal("one", first);
        Assert.Equal("one", second);
        Assert.Equal("x", await fixture.Store.Settings.GetAsync("other", None));
        Assert.Null(await fixture.Store.Settings.GetAsync("missing", None));
    }

    [Fact]
    public async Task Ping_answers_true_on_a_migrated_database_and_false_on_an_unmigrated_one()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        using var empty = new TempDirectory();
        await using var unmigrated = SqliteParleyStore.ForDataDirectory(empty.Path, fixture.Time);

        Assert.True(await fixture.Store.PingAsync(None));
        Assert.False(await unmigrated.PingAsync(None));
    }

    [Fact]
    public void The_postgres_provider_fails_fast_with_a_clear_message()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ParleyStoreFactory.Validate(new StorageOptions { Provider = "postgres" }));

        Assert.Contains("not implemented yet", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ParleyStoreFactory.Validate(new StorageOptions { Provider = "oracle" }));
    }
}
