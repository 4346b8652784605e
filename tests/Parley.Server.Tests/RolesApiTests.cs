using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol.Errors;
using Parley.Protocol.Roles;
using Parley.Server.Admin;
using Parley.Signaling.Abstractions;

namespace Parley.Server.Tests;

public sealed class RolesApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static object Body(int width = 1280, int height = 720, int fps = 30, int min = 600, int max = 1500,
        int sampleRate = 48000, int channels = 2, int audioBitrate = 64, bool isDefault = false) => new
        {
            video = new { width, height, fps, minBitrateKbps = min, maxBitrateKbps = max },
            audio = new { sampleRate, channels, bitrateKbps = audioBitrate },
            isDefault,
        };

    private static async Task<long> NewAppAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("api/apps", new { name = "roles" });
        return (await response.Content.ReadFromJsonAsync<CreatedAppResponse>(Json))!.SdkAppId;
    }

    [Fact]
    public async Task A_role_can_be_put_listed_by_platform_replaced_and_deleted()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await NewAppAsync(client);

        using var put = await client.PutAsJsonAsync($"api/apps/{app}/roles/Web/anchor", Body());
        using var putAndroid = await client.PutAsJsonAsync($"api/apps/{app}/roles/android/anchor", Body(width: 960, height: 540));
        using var replace = await client.PutAsJsonAsync($"api/apps/{app}/roles/web/anchor", Body(width: 1920, height: 1080));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await put.Content.ReadFromJsonAsync<RoleDefinition>(Json);
        Assert.Equal(new RoleDefinition("anchor", Platform.Web, new VideoParameters(1280, 720, 30, 600, 1500), new AudioParameters(48000, 2, 64)), stored);
        var web = await client.GetFromJsonAsync<List<RoleDefinition>>($"api/apps/{app}/roles?platform=web", Json);
        Assert.Equal(1920, Assert.Single(web!).Video.Width);
        var all = await client.GetFromJsonAsync<List<RoleDefinition>>($"api/apps/{app}/roles", Json);
        Assert.Equal([Platform.Android, Platform.Web], all!.Select(r => r.Platform));

        using var deleted = await client.DeleteAsync(new Uri($"api/apps/{app}/roles/web/anchor", UriKind.Relative));
        using var deletedAgain = await client.DeleteAsync(new Uri($"api/apps/{app}/roles/web/anchor", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ApiAssertions.AssertErrorAsync(deletedAgain, HttpStatusCode.NotFound, ErrorCodes.RoleNotFound);
    }

    [Theory]
    [InlineData("tv", "anchor")] // platform outside Platform.All
    [InlineData("web", "name-that-is-longer-than-thirty-two-chars")]
    [InlineData("web", "caf\u00e9")] // not ASCII
    public async Task Bad_platforms_and_names_are_rejected(string platform, string name)
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await NewAppAsync(client);

        using var response = await client.PutAsJsonAsync($"api/apps/{app}/roles/{Uri.EscapeDataString(platform)}/{Uri.EscapeDataString(name)}", Body());

        await ApiAssertions.AssertErrorAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    public static TheoryData<object> OutOfRangeBodies => new()
    {
        Body(width: 15),
        Body(width: 7681),
        Body(height: 4321),
        Body(fps: 0),
        Body(fps: 121),
        Body(min: 2000, max: 1000),
        Body(max: 100_001),
        Body(sampleRate: 11025),
        Body(channels: 3),
        Body(audioBitrate: 5),
        Body(audioBitrate: 511),
        new { isDefault = true },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeBodies))]
    public async Task Parameters_outside_sane_ranges_are_rejected(object body)
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await NewAppAsync(client);

        using var response = await client.PutAsJsonAsync($"api/apps/{app}/roles/web/anchor", body);

        await ApiAssertions.AssertErrorAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Empty((await client.GetFromJsonAsync<List<RoleDefinition>>($"api/apps/{app}/roles", Json))!);
    }

    [Fact]
    public async Task The_boundaries_of_the_ranges_are_accepted()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await NewAppAsync(client);

        using var smallest = await client.PutAsJsonAsync($"api/apps/{app}/roles/web/tiny", Body(16, 16, 1, 1, 1, 8000, 1, 6));
        using var largest = await client.PutAsJsonAsync($"api/apps/{app}/roles/web/huge", Body(7680, 4320, 120, 100_000, 100_000, 48000, 2, 510));

        Assert.Equal(HttpStatusCode.OK, smallest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, largest.StatusCode);
    }

    [Fact]
    public async Task Roles_of_a_missing_app_are_404_and_a_bad_platform_filter_is_400()
    {
        using var client = fixture.Server.CreateAdminClient();

        using var list = await client.GetAsync(new Uri("api/apps/999/roles", UriKind.Relative));
        using var put = await client.PutAsJsonAsync("api/apps/999/roles/web/anchor", Body());
        using var filter = await client.GetAsync(new Uri($"api/apps/{fixture.Server.DefaultApp.SdkAppId}/roles?platform=tv", UriKind.Relative));

        await ApiAssertions.AssertErrorAsync(list, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        await ApiAssertions.AssertErrorAsync(put, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        await ApiAssertions.AssertErrorAsync(filter, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Signaling_sees_the_default_role_fall_back_to_the_built_in_one_until_the_app_marks_its_own()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await NewAppAsync(client);
        var catalog = fixture.Server.Services.GetRequiredService<IRoleCatalog>();
        using var anchor = await client.PutAsJsonAsync($"api/apps/{app}/roles/web/anchor", Body());

        var before = await catalog.GetRoleSetAsync(app, Platform.Web, CancellationToken.None);
        using var audience = await client.PutAsJsonAsync($"api/apps/{app}/roles/web/audience", Body(width: 320, height: 180, isDefault: true));
        var after = await catalog.GetRoleSetAsync(app, Platform.Web, CancellationToken.None);

        // R4.4: an unconfigured name falls back to the default role.
        Assert.Equal(RoleDefinition.BuiltInDefaultName, before.Resolve("nope").Name);
        Assert.Equal("audience", after.Resolve("nope").Name);
        Assert.Equal(["anchor", "audience"], after.Roles.Select(r => r.Name));
    }
}
