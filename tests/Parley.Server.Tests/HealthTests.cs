using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    [Fact]
    public async Task Healthz_reports_draining_from_the_moment_the_node_starts_shutting_down()
    {
        // A load balancer's health check must stop sending new sessions to a node that is draining (docs/deploy.md).
        await using var server = await ParleyTestServer.StartAsync();
        using var client = server.CreateClient();
        var lifetime = server.Services.GetRequiredService<IHostApplicationLifetime>();
        var seen = new TaskCompletionSource<(HttpStatusCode, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopping.Register(() =>
        {
            // Kestrel still listens while the stopping callbacks run: ask as a load balancer would, then let it stop.
            using var response = client.GetAsync(new Uri("/healthz", UriKind.Relative)).GetAwaiter().GetResult();
            var body = response.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult();
            seen.SetResult((response.StatusCode, body.GetProperty("status").GetString()));
        });

        lifetime.StopApplication();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "draining"), await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
