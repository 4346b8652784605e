using System.Net;
using System.Text;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>Calls <c>POST /v4/{command}</c> as an app's backend does: the app admin's userSig in the query string.</summary>
internal static class VendorRest
{
    public static async Task<JsonElement> CallAsync(ParleyTestServer server, string command, string body)
    {
        using var http = server.CreateClient();
        var query = $"sdkappid={server.DefaultApp.SdkAppId}&identifier=administrator&usersig={Uri.EscapeDataString(server.UserSig("administrator"))}&random={Random.Shared.Next()}&contenttype=json";
        using var response = await http.PostAsync(new Uri($"v4/{command}?{query}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static int Code(JsonElement envelope) => envelope.GetProperty("ErrorCode").GetInt32();

    public static void AssertOk(JsonElement envelope)
    {
        Assert.True(envelope.GetProperty("ActionStatus").GetString() == "OK", envelope.ToString());
        Assert.Equal(0, envelope.GetProperty("ErrorCode").GetInt32());
        Assert.Equal("", envelope.GetProperty("ErrorInfo").GetString());
    }
}
