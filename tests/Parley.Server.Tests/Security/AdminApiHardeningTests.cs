using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Parley.Protocol.Errors;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Server.Tests.Security;

// Issue 10 point 1 (admin API reads bodies before auth) and point 6 (OpenAPI document in production).
public sealed class AdminApiHardeningTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_malformed_body_without_a_token_gets_401_not_a_validation_error()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.PostAsync(new Uri("/api/apps", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"));

        await ApiAssertions.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.AdminUnauthorized);
    }

    [Fact]
    public async Task An_authenticated_body_over_the_limit_gets_413_with_code_91006()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Parley:MaxRequestBodyBytes"] = "4096" });
        using var admin = server.CreateAdminClient();
        var name = new string('a', 8_000);

        using var response = await admin.PostAsync(new Uri("/api/apps", UriKind.Relative), new StringContent($"{{\"name\":\"{name}\"}}", Encoding.UTF8, "application/json"));

        await ApiAssertions.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.RequestTooLarge);
    }

    [Fact]
    public async Task Twenty_concurrent_unauthenticated_28_MB_bodies_do_not_grow_the_server_process()
    {
        // The review's attack: before the fix the server process went from 128 MB to 1.2 GB resident and kept it.
        await using var server = await ServerProcess.StartAsync(dev: false);
        // Valid JSON (one huge string), so a server that bound the body first would have to buffer all of it. One array
        // shared by every request: the client side adds nothing per request.
        var body = Encoding.ASCII.GetBytes("{\"name\":\"" + new string('a', 28 * 1024 * 1024) + "\"}");
        using var client = server.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        var before = server.PeakResidentBytes;

        var attempts = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using var response = await client.PostAsync(new Uri("/api/apps", UriKind.Relative), content);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return (HttpStatusCode?)null; // the server answered 401 and closed the connection while the body was still going out
            }
        });
        var statuses = await Task.WhenAll(attempts);
        var after = server.PeakResidentBytes;

        output.WriteLine($"server peak RSS {before / 1048576} MB before, {after / 1048576} MB after; answers: {string.Join(", ", statuses.Select(s => s?.ToString() ?? "closed"))}");
        Assert.All(statuses, s => Assert.True(s is null or HttpStatusCode.Unauthorized or HttpStatusCode.RequestEntityTooLarge, s?.ToString()));
        Assert.True(after - before < 64 * 1024 * 1024, $"peak RSS grew by {(after - before) / 1048576} MB");
    }

    [Fact]
    public async Task Outside_dev_mode_the_openapi_document_needs_the_admin_token()
    {
        await using var server = await ParleyTestServer.StartAsync(dev: false);
        using var anonymous = server.CreateClient();
        using var admin = server.CreateAdminClient();

        using var refused = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var served = await admin.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        await ApiAssertions.AssertErrorAsync(refused, HttpStatusCode.Unauthorized, ErrorCodes.AdminUnauthorized);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_public_in_dev_mode_or_when_configured()
    {
        await using var dev = await ParleyTestServer.StartAsync(dev: true);
        await using var configured = await ParleyTestServer.StartAsync(dev: false, settings: new Dictionary<string, string?> { ["Admin:PublicOpenApi"] = "true" });

        foreach (var server in new[] { dev, configured })
        {
            using var anonymous = server.CreateClient();
            using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
