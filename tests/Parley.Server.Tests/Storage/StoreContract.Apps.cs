using Parley.Protocol.Roles;
using Parley.Server.Storage;

namespace Parley.Server.Tests.Storage;

// Apps, roles, users and settings (R1, R2.1, R4.2): the same behaviour on every provider.
public abstract partial class StoreContract
{
    private static RoleDefinition Role(string name, string platform = Platform.Web, bool isDefault = false, int width = 1280) =>
        new(name, platform, new VideoParameters(width, 720, 30, 600, 1500), new AudioParameters(48000, 2, 64), isDefault);

    [Fact]
    public async Task App_ids_start_at_1400000001_and_count_up_from_the_highest()
    {
        var first = await NewAppAsync();
        var second = await NewAppAsync();
        await Store.Apps.DeleteAsync(first.SdkAppId, None);
        var third = await NewAppAsync();

        Assert.Equal(AppIdAllocation.FirstSdkAppId, first.SdkAppId); // R1.1
        Assert.Equal(first.SdkAppId + 1, second.SdkAppId);
        Assert.Equal(second.SdkAppId + 1, third.SdkAppId);
        Assert.Equal(AppIdAllocation.FirstAccountType, first.AccountType);
        Assert.Equal(first.AccountType + 1, second.AccountType);
    }

    [Fact]
    public async Task Twenty_concurrent_creates_get_twenty_distinct_ids()
    {
        var apps = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => NewAppAsync($"app{i}"))));

        Assert.Equal(20, apps.Select(a => a.SdkAppId).Distinct().Count());
        Assert.Equal(20, apps.Select(a => a.AccountType).Distinct().Count());
        Assert.Equal(AppIdAllocation.FirstSdkAppId + 19, apps.Max(a => a.SdkAppId));
    }

    [Fact]
    public async Task An_explicit_account_type_already_in_use_is_a_conflict()
    {
        await NewAppAsync(accountType: 50_000);

        await Assert.ThrowsAsync<StoreConflictException>(() => NewAppAsync(accountType: 50_000));
        var next = await NewAppAsync();
        Assert.Equal(50_001, next.AccountType); // automatic ones continue above the highest, so never collide
    }

    [Fact]
    public async Task Apps_round_trip_with_their_keys_and_creation_time()
    {
        var created = await Store.Apps.CreateAsync(
            new NewApp("Shop", null, "ab".PadRight(64, 'c'), "-----BEGIN PUBLIC KEY-----\nxyz\n-----END PUBLIC KEY-----", Time.GetUtcNow()), None);

        var found = await Store.Apps.FindAsync(created.SdkAppId, None);
        var listed = await Store.Apps.ListAsync(None);

        Assert.Equal(created, found);
        Assert.Equal([created], listed);
        Assert.Null(await Store.Apps.FindAsync(created.SdkAppId + 1, None));
    }

    [Fact]
    public async Task Replacing_keys_changes_only_the_given_ones_of_only_that_app()
    {
        var app = await NewAppAsync("keys");
        var other = await NewAppAsync("other");
        var newSecret = new string('b', 64);
        const string PublicKey = "-----BEGIN PUBLIC KEY-----\nnew\n-----END PUBLIC KEY-----";

        var secretOnly = await Store.Apps.ReplaceKeysAsync(app.SdkAppId, newSecret, null, None);
        var publicOnly = await Store.Apps.ReplaceKeysAsync(app.SdkAppId, null, PublicKey, None);

        // R1.3: each call replaces what it names and keeps the rest.
        Assert.Equal(app with { SecretKey = newSecret }, secretOnly);
        Assert.Equal(app with { SecretKey = newSecret, PublicKeyPem = PublicKey }, publicOnly);
        Assert.Equal(publicOnly, await Store.Apps.FindAsync(app.SdkAppId, None));
        Assert.Equal(other, await Store.Apps.FindAsync(other.SdkAppId, None));
        Assert.Null(await Store.Apps.ReplaceKeysAsync(other.SdkAppId + 1, newSecret, null, None));
    }

    [Fact]
    public async Task Roles_and_users_of_one_app_are_invisible_to_another()
    {
        var a = await NewAppAsync("A");
        var b = await NewAppAsync("B");
        await Store.Roles.UpsertAsync(a.SdkAppId, Role("anchor"), None);
        await Store.Users.RecordLoginAsync(a.SdkAppId, "alice", Time.GetUtcNow(), None);

        // R1.2: nothing crosses apps.
        Assert.Empty(await Store.Roles.ListAsync(b.SdkAppId, null, None));
        Assert.Null(await Store.Users.FindAsync(b.SdkAppId, "alice", None));
        Assert.Empty(await Store.Users.ListAsync(b.SdkAppId, 100, None));
        Assert.False(await Store.Roles.DeleteAsync(b.SdkAppId, Platform.Web, "anchor", None));
        Assert.Single(await Store.Roles.ListAsync(a.SdkAppId, null, None));

        // The same identifier in app B is a different user with its own spelling.
        Assert.Equal("ALICE", await Store.Users.RecordLoginAsync(b.SdkAppId, "ALICE", Time.GetUtcNow(), None));
        Assert.Equal("alice", (await Store.Users.FindAsync(a.SdkAppId, "Alice", None))?.Identifier);
    }

    [Fact]
    public async Task Deleting_an_app_deletes_its_roles_and_users_but_not_other_apps_data()
    {
        var a = await NewAppAsync("A");
        var b = await NewAppAsync("B");
        foreach (var app in new[] { a, b })
        {
            await Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor"), None);
            await Store.Users.RecordLoginAsync(app.SdkAppId, "alice", Time.GetUtcNow(), None);
        }

        Assert.True(await Store.Apps.DeleteAsync(a.SdkAppId, None));
        Assert.False(await Store.Apps.DeleteAsync(a.SdkAppId, None));

        Assert.Empty(await Store.Roles.ListAsync(a.SdkAppId, null, None));
        Assert.Null(await Store.Users.FindAsync(a.SdkAppId, "alice", None));
        Assert.Single(await Store.Roles.ListAsync(b.SdkAppId, null, None));
        Assert.NotNull(await Store.Users.FindAsync(b.SdkAppId, "alice", None));
    }

    [Fact]
    public async Task Users_are_case_insensitive_and_keep_the_first_spelling()
    {
        var app = await NewAppAsync();
        var firstLogin = Time.GetUtcNow();

        var first = await Store.Users.RecordLoginAsync(app.SdkAppId, "Alice", firstLogin, None);
        Time.Advance(TimeSpan.FromMinutes(5));
        var second = await Store.Users.RecordLoginAsync(app.SdkAppId, "aLICE", Time.GetUtcNow(), None);

        // R2.1: Alice and alice are one user.
        Assert.Equal("Alice", first);
        Assert.Equal("Alice", second);
        var user = await Store.Users.FindAsync(app.SdkAppId, "ALICE", None);
        Assert.Equal(new UserRecord(app.SdkAppId, "Alice", firstLogin, firstLogin.AddMinutes(5)), user);
        Assert.Single(await Store.Users.ListAsync(app.SdkAppId, 10, None));
    }

    [Fact]
    public async Task Concurrent_first_logins_in_different_spellings_create_one_user()
    {
        var app = await NewAppAsync();
        string[] spellings = ["bob", "Bob", "BOB", "bOb", "boB", "BoB", "bOB", "BOb"];

        var answers = await Task.WhenAll(spellings.Select(s => Task.Run(() => Store.Users.RecordLoginAsync(app.SdkAppId, s, Time.GetUtcNow(), None))));

        Assert.Single(answers.Distinct());
        Assert.Single(await Store.Users.ListAsync(app.SdkAppId, 10, None));
    }

    [Fact]
    public async Task Marking_a_role_default_unmarks_the_previous_default_of_that_platform_only()
    {
        var app = await NewAppAsync();
        await Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", isDefault: true), None);
        await Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", Platform.Android, isDefault: true), None);

        await Store.Roles.UpsertAsync(app.SdkAppId, Role("audience", isDefault: true), None);

        var web = await Store.Roles.ListAsync(app.SdkAppId, Platform.Web, None);
        Assert.Equal(["audience"], web.Where(r => r.IsDefault).Select(r => r.Name));
        Assert.True(Assert.Single(await Store.Roles.ListAsync(app.SdkAppId, Platform.Android, None)).IsDefault);
    }

    [Fact]
    public async Task Upserting_a_role_replaces_its_parameters_and_delete_removes_it()
    {
        var app = await NewAppAsync();
        await Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", width: 1280), None);

        await Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor", width: 1920), None);

        Assert.Equal(Role("anchor", width: 1920), Assert.Single(await Store.Roles.ListAsync(app.SdkAppId, null, None)));
        Assert.True(await Store.Roles.DeleteAsync(app.SdkAppId, Platform.Web, "anchor", None));
        Assert.Empty(await Store.Roles.ListAsync(app.SdkAppId, null, None));
    }

    [Fact]
    public async Task GetOrAdd_keeps_the_first_value_of_a_setting()
    {
        var first = await Store.Settings.GetOrAddAsync("k", "one", None);
        var second = await Store.Settings.GetOrAddAsync("k", "two", None);
        await Store.Settings.SetAsync("other", "x", None);

        Assert.Equal("one", first);
        Assert.Equal("one", second);
        Assert.Equal("x", await Store.Settings.GetAsync("other", None));
        Assert.Null(await Store.Settings.GetAsync("missing", None));
    }
}
