using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_reports_ok_when_silo_and_store_are_up()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }
}
