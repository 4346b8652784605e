using System.Net;
using System.Text;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.Limits;

/// <summary>Vendor REST calls (docs/rest-api.md) as a backend behind a proxy makes them, keeping the HTTP status and Retry-After.</summary>
internal static class RestCalls
{
    public sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, JsonElement Envelope)
    {
        public int Code => Envelope.GetProperty("ErrorCode").GetInt32();
    }

    public static async Task<Answer> PostAsync(ParleyTestServer server, string command, string body, string? forwardedFor = null)
    {
        using var http = server.CreateClient();
        var query = $"sdkappid={server.DefaultApp.SdkAppId}&identifier=administrator&usersig={Uri.EscapeDataString(server.UserSig("administrator"))}&random={Random.Shared.Next()}&contenttype=json";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"v4/{command}?{query}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await http.SendAsync(request);
        using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Answer(response.StatusCode, response.Headers.RetryAfter?.Delta, envelope.RootElement.Clone());
    }
}
