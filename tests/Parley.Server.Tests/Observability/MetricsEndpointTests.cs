using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Parley.Server.Observability;
using Parley.Testing;

namespace Parley.Server.Tests.Observability;

/// <summary>The Prometheus endpoint's settings (<c>Metrics:*</c>) and the JSON log format (<c>Logging:Format</c>).</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task An_idle_server_serves_valid_Prometheus_text_without_a_token()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var http = server.CreateClient();

        var scrape = await MetricsScrape.GetAsync(http);

        Assert.StartsWith("text/plain; version=0.0.4", scrape.ContentType, StringComparison.Ordinal);
        Assert.Equal(0, scrape.Value("parley_sessions_connected"));
        Assert.Equal(0, scrape.Value("parley_media_rtp_packets_total")); // the media port is not even bound yet
        Assert.DoesNotContain("sdkappid", scrape.Text, StringComparison.OrdinalIgnoreCase); // no per-app series
        var (exitCode, output) = await Promtool.CheckMetricsAsync(scrape.Text);
        Assert.True(exitCode == 0, $"promtool check metrics: {output}");
    }

    [Fact]
    public async Task The_open_metrics_format_is_served_to_a_scraper_that_asks_for_it()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text"));

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_RequireAdminToken_a_scrape_without_the_token_is_refused()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Metrics:RequireAdminToken"] = "true" });
        using var anonymous = server.CreateClient();
        using var admin = server.CreateAdminClient();

        using var refused = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        var scrape = await MetricsScrape.GetAsync(admin);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(scrape.Has("parley_sessions_connected"));
    }

    [Fact]
    public async Task Metrics_move_to_Metrics_Path_and_go_away_when_disabled()
    {
        await using (var moved = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Metrics:Path"] = "/internal/prometheus" }))
        {
            using var http = moved.CreateClient();
            Assert.True((await MetricsScrape.GetAsync(http, "/internal/prometheus")).Has("parley_rooms"));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        }

        await using var disabled = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });
        using var client = disabled.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Logging_Format_json_writes_one_JSON_object_per_line_with_the_event_id_and_named_values()
    {
        await using var server = await ServerProcess.StartAsync(settings: new Dictionary<string, string> { [LogFormat.Key] = "json" });

        var logged = server.OutputLines.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement).ToList();

        // 5100: "Prometheus metrics on {Path} …", a [LoggerMessage] whose named values travel in State.
        var serving = Assert.Single(logged, entry => entry.GetProperty("EventId").GetInt32() == 5100);
        Assert.Equal("/metrics", serving.GetProperty("State").GetProperty("Path").GetString());
        Assert.Equal("Information", serving.GetProperty("LogLevel").GetString());
        Assert.EndsWith("Z", serving.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.OutputLines, line => line.StartsWith("info:", StringComparison.Ordinal)); // no text lines
    }

    [Fact]
    public async Task An_unknown_Logging_Format_stops_the_server_with_one_line_naming_the_key()
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string> { [LogFormat.Key] = "xml" }, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains(output, line => line.StartsWith("parley-server: cannot start: Logging:Format 'xml' is unknown", StringComparison.Ordinal));
    }
}
