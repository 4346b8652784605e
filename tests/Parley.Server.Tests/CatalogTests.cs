using Parley.Protocol.Roles;
using Parley.Server.Apps;
using Parley.Server.Catalogs;

namespace Parley.Server.Tests;

public sealed class CatalogTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static RoleDefinition Role(string name, string platform = Platform.Web, bool isDefault = false) =>
        new(name, platform, new VideoParameters(1280, 720, 30, 600, 1500), new AudioParameters(48000, 2, 64), isDefault);

    [Fact]
    public async Task A_platform_without_roles_gets_the_built_in_default()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();

        var set = await new StoreRoleCatalog(fixture.Store).GetRoleSetAsync(app.SdkAppId, Platform.Ios, None);

        // R4.4: an unknown role name resolves to the default, which always exists.
        Assert.Equal(RoleDefinition.BuiltInDefaultName, set.DefaultRole);
        Assert.Equal(RoleDefinition.BuiltInDefault(Platform.Ios), Assert.Single(set.Roles));
        Assert.Equal(RoleDefinition.BuiltInDefault(Platform.Ios), set.Resolve("no-such-role"));
    }

    [Fact]
    public async Task Configured_roles_without_a_default_are_joined_by_the_built_in_one()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor"), None);

        var set = await new StoreRoleCatalog(fixture.Store).GetRoleSetAsync(app.SdkAppId, "WEB", None);

        Assert.Equal(Platform.Web, set.Platform);
        Assert.Equal(["anchor", RoleDefinition.BuiltInDefaultName], set.Roles.Select(r => r.Name));
        Assert.Equal(Role("anchor"), set.Resolve("anchor"));
        Assert.Equal(RoleDefinition.BuiltInDefaultName, set.Resolve("missing").Name);
    }

    [Fact]
    public async Task The_apps_marked_default_replaces_the_built_in_one_for_that_platform_only()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("audience", isDefault: true), None);
        var catalog = new StoreRoleCatalog(fixture.Store);

        var web = await catalog.GetRoleSetAsync(app.SdkAppId, Platform.Web, None);
        var android = await catalog.GetRoleSetAsync(app.SdkAppId, Platform.Android, None);

        Assert.Equal("audience", web.DefaultRole);
        Assert.Equal(["audience"], web.Roles.Select(r => r.Name));
        Assert.Equal("audience", web.Resolve("unknown").Name);
        Assert.Equal(RoleDefinition.BuiltInDefaultName, android.DefaultRole);
    }

    [Fact]
    public void An_app_role_named_like_the_built_in_default_wins_over_it()
    {
        var own = Role(RoleDefinition.BuiltInDefaultName);

        var set = StoreRoleCatalog.Compose(Platform.Web, [own]);

        Assert.Equal(own, Assert.Single(set.Roles));
        Assert.Equal(own, set.Resolve("x"));
    }

    [Fact]
    public async Task Role_changes_show_in_the_next_role_set_without_caching()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        var catalog = new StoreRoleCatalog(fixture.Store);
        var before = await catalog.GetRoleSetAsync(app.SdkAppId, Platform.Web, None);

        await fixture.Store.Roles.UpsertAsync(app.SdkAppId, Role("anchor"), None);
        var after = await catalog.GetRoleSetAsync(app.SdkAppId, Platform.Web, None);

        // R4.6: the next login pulls the new configuration.
        Assert.Null(before.Find("anchor"));
        Assert.NotNull(after.Find("anchor"));
    }

    [Fact]
    public async Task The_app_catalog_caches_briefly_and_invalidation_is_immediate()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var catalog = new CachedAppCatalog(fixture.Store, fixture.Time);
        var app = await fixture.NewAppAsync();
        var info = await catalog.FindAppAsync(app.SdkAppId, None);
        Assert.Equal(app.SecretKey, info?.SecretKey);
        Assert.Equal(app.AccountType, info?.AccountType);

        await fixture.Store.Apps.DeleteAsync(app.SdkAppId, None);
        var cached = await catalog.FindAppAsync(app.SdkAppId, None);
        fixture.Time.Advance(CachedAppCatalog.EntryLifetime + TimeSpan.FromSeconds(1));
        var expired = await catalog.FindAppAsync(app.SdkAppId, None);

        Assert.NotNull(cached);
        Assert.Null(expired);

        var next = await fixture.NewAppAsync();
        Assert.Null(await catalog.FindAppAsync(next.SdkAppId + 1, None));
        var later = await fixture.NewAppAsync();
        catalog.Invalidate(later.SdkAppId);
        Assert.NotNull(await catalog.FindAppAsync(later.SdkAppId, None));
    }

    [Fact]
    public async Task The_user_directory_returns_the_first_spelling()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var app = await fixture.NewAppAsync();
        var directory = new StoreUserDirectory(fixture.Store);

        Assert.Equal("Carol", await directory.RecordLoginAsync(app.SdkAppId, "Carol", fixture.Time.GetUtcNow(), None));
        Assert.Equal("Carol", await directory.RecordLoginAsync(app.SdkAppId, "CAROL", fixture.Time.GetUtcNow(), None)); // R2.1
    }
}
