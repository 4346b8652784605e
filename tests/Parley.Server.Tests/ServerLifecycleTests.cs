using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Auth;
using Parley.Server.Dev;
using Parley.Server.Hosting;
using Parley.Server.Storage;
using Parley.Testing;

namespace Parley.Server.Tests;

public sealed class ServerLifecycleTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task First_start_creates_the_default_app_as_1400000001_and_restarts_keep_it_with_the_admin_token_and_migrations()
    {
        using var data = new TempDirectory();
        AppRecord firstApp;
        string firstToken;
        IReadOnlyList<AppliedMigration> firstMigrations;
        await using (var first = await ParleyTestServer.StartAsync(dataDirectory: data.Path))
        {
            firstApp = first.DefaultApp;
            firstToken = first.AdminToken;
            firstMigrations = await first.Services.GetRequiredService<IParleyStore>().GetAppliedMigrationsAsync(CancellationToken.None);
        }

        await using var second = await ParleyTestServer.StartAsync(dataDirectory: data.Path);
        var store = second.Services.GetRequiredService<IParleyStore>();

        Assert.Equal(AppIdAllocation.FirstSdkAppId, firstApp.SdkAppId); // R1.1
        Assert.Equal("Default app", firstApp.Name);
        Assert.Equal(firstApp, second.DefaultApp);
        Assert.Single(await store.Apps.ListAsync(CancellationToken.None));
        Assert.Equal(firstToken, second.AdminToken);
        Assert.Matches("^[0-9a-f]{48}$", firstToken);
        Assert.Equal(firstMigrations, await store.GetAppliedMigrationsAsync(CancellationToken.None));
        using var client = second.CreateAdminClient();
        using var response = await client.GetAsync(new Uri("api/apps", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_configured_admin_token_wins_and_is_not_stored()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Admin:Token"] = "operator-chosen-token" });

        Assert.Equal("operator-chosen-token", server.AdminToken);
        Assert.Null(await server.Services.GetRequiredService<IParleyStore>().Settings.GetAsync(SettingKeys.AdminToken, CancellationToken.None));
        using var client = server.CreateAdminClient();
        using var response = await client.GetAsync(new Uri("api/apps", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dev_usersig_hands_out_a_sig_that_verifies_with_the_default_apps_key()
    {
        await using var server = await ParleyTestServer.StartAsync(dev: true);
        using var client = server.CreateClient();

        var answer = await client.GetFromJsonAsync<DevUserSigResponse>("dev/usersig?identifier=alice", Json);
        using var missing = await client.GetAsync(new Uri("dev/usersig", UriKind.Relative));

        Assert.Equal(server.DefaultApp.SdkAppId, answer?.SdkAppId);
        Assert.Equal("alice", answer?.Identifier);
        var verification = UserSigVerifier.Verify(answer!.UserSig, server.DefaultApp.SdkAppId, "alice",
            new UserSigKeys(server.DefaultApp.SecretKey, null), DateTimeOffset.UtcNow);
        Assert.True(verification.IsValid, verification.ErrorMessage);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Dev_usersig_does_not_exist_without_dev_mode()
    {
        await using var server = await ParleyTestServer.StartAsync(dev: false);
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("dev/usersig?identifier=alice", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_test_servers_usersig_follows_the_fake_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await ParleyTestServer.StartAsync(time: time);

        var sig = server.UserSig("bob", expireSeconds: 60);

        var keys = new UserSigKeys(server.DefaultApp.SecretKey, null);
        Assert.True(UserSigVerifier.Verify(sig, server.DefaultApp.SdkAppId, "bob", keys, time.GetUtcNow().AddSeconds(60)).IsValid);
        Assert.False(UserSigVerifier.Verify(sig, server.DefaultApp.SdkAppId, "bob", keys, time.GetUtcNow().AddSeconds(61)).IsValid); // R2.3
        Assert.Same(time, server.Time);

        // The silo and the store work on the fake clock too.
        using var client = server.CreateClient();
        using var health = await client.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_fake_clock_can_jump_forward_by_weeks_without_killing_the_silo()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ParleyTestServer.StartAsync(time: time);
        using var client = server.CreateClient();

        for (var step = 0; step < 8; step++)
        {
            // Timers of the silo fire on the fake clock; give them real time to run after each jump.
            time.Advance(TimeSpan.FromDays(5));
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            using var health = await client.GetAsync(new Uri("healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Fact]
    public async Task Several_servers_run_side_by_side_in_one_process()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ParleyTestServer.StartAsync()));
        try
        {
            Assert.Equal(3, servers.Select(s => s.BaseUri).Distinct().Count());
            foreach (var server in servers)
            {
                using var client = server.CreateClient();
                using var health = await client.GetAsync(new Uri("healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("ws", server.WebSocketUri.Scheme);
                Assert.Equal("/ws", server.WebSocketUri.AbsolutePath);
            }
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask()));
        }

        Assert.All(servers, s => Assert.False(Directory.Exists(s.DataDirectory)));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_admin_api()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var client = server.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/apps", out _));
        Assert.True(paths.TryGetProperty("/api/apps/{sdkAppId}/roles/{platform}/{name}", out _));
        Assert.True(paths.TryGetProperty("/healthz", out _));
        // Issue "Groups and messages" §6: every vendor REST command is in the document.
        foreach (var command in new[] { "group_open_http_svc/create_group", "group_open_http_svc/group_msg_recall", "openim/sendmsg", "openim/admin_getroammsg",
                     "im_open_login_svc/account_import", "group_open_http_svc/get_appid_group_list" })
        {
            Assert.True(paths.TryGetProperty("/v4/" + command, out _), command);
        }
    }

    [Fact]
    public void Unusable_clustering_settings_fail_fast_naming_the_key()
    {
        var unknown = Assert.Throws<InvalidOperationException>(() => ParleyApp.Build(["--Orleans:ClusteringMode=adonet", "--urls=http://127.0.0.1:0"]));
        var postgresOnSqlite = Assert.Throws<InvalidOperationException>(() => ParleyApp.Build(["--Orleans:ClusteringMode=postgres", "--urls=http://127.0.0.1:0"]));
        var redisWithoutServer = Assert.Throws<InvalidOperationException>(() => ParleyApp.Build(["--Orleans:ClusteringMode=redis", "--urls=http://127.0.0.1:0"]));

        Assert.StartsWith("Orleans:ClusteringMode 'adonet' is unknown", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider=postgres", postgresOnSqlite.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:RedisConnectionString", redisWithoutServer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Web_root_is_found_from_the_configured_folder_or_not_at_all()
    {
        using var folder = new TempDirectory();

        Assert.Equal(folder.Path, WebRootLocator.Find(folder.Path, "/", "/"));
        Assert.Null(WebRootLocator.Find(Path.Combine(folder.Path, "missing"), "/", "/"));
        Assert.Null(WebRootLocator.Find(null, folder.Path, folder.Path));
    }

    [Fact]
    public async Task The_banner_shows_the_url_default_app_secret_key_and_admin_token()
    {
        await using var server = await ParleyTestServer.StartAsync();

        var banner = StartupBanner.Compose(server.Services);

        Assert.Contains(server.BaseUri.ToString().TrimEnd('/'), banner, StringComparison.Ordinal);
        Assert.Contains(server.DefaultApp.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture), banner, StringComparison.Ordinal);
        Assert.Contains(server.DefaultApp.AccountType.ToString(System.Globalization.CultureInfo.InvariantCulture), banner, StringComparison.Ordinal);
        Assert.Contains(server.DefaultApp.SecretKey, banner, StringComparison.Ordinal);
        Assert.Contains(server.AdminToken, banner, StringComparison.Ordinal);
    }
}
