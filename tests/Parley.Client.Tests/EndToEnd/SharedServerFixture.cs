using System.Net.Http.Json;
using System.Text;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// One real Parley server (dev mode, system clock) shared by the end-to-end tests of a class. Tests stay independent
/// by using their own identifiers and room numbers. The default app gets an <c>anchor</c> role on linux and web.
/// </summary>
public sealed class SharedServerFixture : IAsyncLifetime
{
    public const string AnchorRole = "anchor";

    private int _next;

    public ParleyTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ParleyTestServer.StartAsync();
        foreach (var platform in new[] { "linux", "web" })
        {
            await PutRoleAsync(Server, Server.DefaultApp.SdkAppId, platform, AnchorRole);
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh identifier (letters, digits, underscore, R2.1) so tests never kick each other offline.</summary>
    public string NewIdentifier(string name) => $"{name}_{Interlocked.Increment(ref _next)}_{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A room number no other test uses (R3.2: 1..10,000,000).</summary>
    public long NewRoomId() => 100_000 + (Interlocked.Increment(ref _next) * 10L) + Random.Shared.Next(10);

    /// <summary>Configures a role through the admin API (R4.2), 1280x720 at 30 fps.</summary>
    public static async Task PutRoleAsync(ParleyTestServer server, long sdkAppId, string platform, string name)
    {
        using var admin = server.CreateAdminClient();
        const string body = "{\"video\":{\"width\":1280,\"height\":720,\"fps\":30,\"minBitrateKbps\":600,\"maxBitrateKbps\":2000},\"audio\":{\"sampleRate\":48000,\"channels\":2,\"bitrateKbps\":64},\"isDefault\":false}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await admin.PutAsync(new Uri($"api/apps/{sdkAppId}/roles/{platform}/{name}", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Creates another app through the admin API (R1.1) and returns its sdkAppId and secret key.</summary>
    public static async Task<(long SdkAppId, string SecretKey)> CreateAppAsync(ParleyTestServer server, string name)
    {
        using var admin = server.CreateAdminClient();
        using var content = new StringContent("{\"name\":\"" + name + "\"}", Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("api/apps", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync(EndToEndJson.Default.CreatedApp);
        return (created!.SdkAppId, created.SecretKey);
    }
}
