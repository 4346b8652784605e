using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol.Errors;
using Parley.Server.Admin;
using Parley.Server.Storage;

namespace Parley.Server.Tests;

public sealed class AppsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<CreatedAppResponse> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("api/apps", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<CreatedAppResponse>(Json);
        Assert.NotNull(created);
        Assert.Equal($"/api/apps/{created.SdkAppId}", response.Headers.Location?.OriginalString);
        return created;
    }

    [Fact]
    public async Task Requests_without_the_admin_token_are_rejected_with_401()
    {
        using var anonymous = fixture.Server.CreateClient();
        using var wrong = fixture.Server.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Server.AdminToken + "x");

        using var noToken = await anonymous.GetAsync(new Uri("api/apps", UriKind.Relative));
        using var badToken = await wrong.PostAsJsonAsync("api/apps", new { name = "x" });

        await ApiAssertions.AssertErrorAsync(noToken, HttpStatusCode.Unauthorized, ErrorCodes.AdminUnauthorized);
        await ApiAssertions.AssertErrorAsync(badToken, HttpStatusCode.Unauthorized, ErrorCodes.AdminUnauthorized);
    }

    [Fact]
    public async Task Created_apps_get_a_64_hex_secret_key_and_can_be_read_listed_and_deleted()
    {
        using var client = fixture.Server.CreateAdminClient();

        var created = await CreateAsync(client, new { name = "Shop" });

        // R1.1, R1.3
        Assert.True(created.SdkAppId > AppIdAllocation.FirstSdkAppId);
        Assert.Matches("^[0-9a-f]{64}$", created.SecretKey);
        Assert.Equal("Shop", created.Name);
        Assert.Null(created.PublicKeyPem);
        Assert.Null(created.PrivateKeyPem);
        var fetched = await client.GetFromJsonAsync<AppResponse>($"api/apps/{created.SdkAppId}", Json);
        Assert.Equal(created.SecretKey, fetched?.SecretKey);
        var all = await client.GetFromJsonAsync<List<AppResponse>>("api/apps", Json);
        Assert.Contains(all!, a => a.SdkAppId == created.SdkAppId && a.AccountType == created.AccountType);

        using var deleted = await client.DeleteAsync(new Uri($"api/apps/{created.SdkAppId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await client.GetAsync(new Uri($"api/apps/{created.SdkAppId}", UriKind.Relative));
        await ApiAssertions.AssertErrorAsync(gone, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        using var deletedAgain = await client.DeleteAsync(new Uri($"api/apps/{created.SdkAppId}", UriKind.Relative));
        await ApiAssertions.AssertErrorAsync(deletedAgain, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
    }

    [Fact]
    public async Task The_private_key_is_shown_only_in_the_creation_answer_and_matches_the_stored_public_key()
    {
        using var client = fixture.Server.CreateAdminClient();

        var created = await CreateAsync(client, new { name = "Signed", withKeyPair = true });
        var fetchedJson = await client.GetStringAsync(new Uri($"api/apps/{created.SdkAppId}", UriKind.Relative));
        var listJson = await client.GetStringAsync(new Uri("api/apps", UriKind.Relative));

        Assert.NotNull(created.PrivateKeyPem);
        Assert.NotNull(created.PublicKeyPem);
        Assert.DoesNotContain("privateKeyPem", fetchedJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PRIVATE KEY", listJson, StringComparison.Ordinal);
        Assert.Contains("PUBLIC KEY", fetchedJson, StringComparison.Ordinal);

        // R1.3: the operator's private key signs, the stored public key verifies.
        using var privateKey = ECDsa.Create();
        privateKey.ImportFromPem(created.PrivateKeyPem);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(created.PublicKeyPem);
        var data = Encoding.UTF8.GetBytes("parley");
        Assert.True(publicKey.VerifyData(data, privateKey.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task Twenty_concurrent_creates_through_the_api_get_distinct_ids()
    {
        using var client = fixture.Server.CreateAdminClient();

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => CreateAsync(client, new { name = $"race{i}" })));

        Assert.Equal(20, created.Select(a => a.SdkAppId).Distinct().Count()); // R1.1
        Assert.Equal(20, created.Select(a => a.AccountType).Distinct().Count());
        Assert.Equal(20, created.Select(a => a.SecretKey).Distinct().Count());
    }

    [Fact]
    public async Task An_explicit_account_type_is_kept_and_reusing_it_is_a_409()
    {
        using var client = fixture.Server.CreateAdminClient();
        var accountType = 900_000 + Random.Shared.Next(1_000_000);

        var created = await CreateAsync(client, new { accountType });
        using var again = await client.PostAsJsonAsync("api/apps", new { accountType });

        Assert.Equal(accountType, created.AccountType);
        Assert.Equal("Untitled app", created.Name);
        await ApiAssertions.AssertErrorAsync(again, HttpStatusCode.Conflict, ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_a_json_error()
    {
        using var client = fixture.Server.CreateAdminClient();

        using var longName = await client.PostAsJsonAsync("api/apps", new { name = new string('n', 65) });
        using var negative = await client.PostAsJsonAsync("api/apps", new { accountType = -1 });
        using var malformed = await client.PostAsync(new Uri("api/apps", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"));

        await ApiAssertions.AssertErrorAsync(longName, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ApiAssertions.AssertErrorAsync(negative, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ApiAssertions.AssertErrorAsync(malformed, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Deleting_an_app_makes_signaling_forget_it_at_once()
    {
        using var client = fixture.Server.CreateAdminClient();
        var created = await CreateAsync(client, new { name = "Doomed" });
        var catalog = fixture.Server.Services.GetRequiredService<Parley.Signaling.Abstractions.IAppCatalog>();
        Assert.NotNull(await catalog.FindAppAsync(created.SdkAppId, CancellationToken.None));

        using var deleted = await client.DeleteAsync(new Uri($"api/apps/{created.SdkAppId}", UriKind.Relative));

        Assert.Null(await catalog.FindAppAsync(created.SdkAppId, CancellationToken.None));
    }

    [Fact]
    public async Task Require_private_map_key_is_set_at_creation_or_by_patch_and_reaches_signaling_at_once()
    {
        // docs/protocol.md §12: the per-app setting that makes a PrivateMapKey required for entering rooms.
        using var client = fixture.Server.CreateAdminClient();
        var plain = await CreateAsync(client, new { name = "Open" });
        var strict = await CreateAsync(client, new { name = "Strict", requirePrivateMapKey = true });
        Assert.False(plain.RequirePrivateMapKey);
        Assert.True(strict.RequirePrivateMapKey);
        var catalog = fixture.Server.Services.GetRequiredService<Parley.Signaling.Abstractions.IAppCatalog>();
        Assert.False((await catalog.FindAppAsync(plain.SdkAppId, CancellationToken.None))!.RequirePrivateMapKey);

        using var patched = await client.PatchAsJsonAsync($"api/apps/{plain.SdkAppId}", new { requirePrivateMapKey = true });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.True((await patched.Content.ReadFromJsonAsync<AppResponse>(Json))!.RequirePrivateMapKey);
        Assert.True((await catalog.FindAppAsync(plain.SdkAppId, CancellationToken.None))!.RequirePrivateMapKey);
        var read = await client.GetFromJsonAsync<AppResponse>($"api/apps/{plain.SdkAppId}", Json);
        Assert.True(read!.RequirePrivateMapKey);

        using var missing = await client.PatchAsJsonAsync("api/apps/1", new { requirePrivateMapKey = true });
        await ApiAssertions.AssertErrorAsync(missing, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
    }
}
