using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Server.Tests;

internal static class ApiAssertions
{
    /// <summary>Asserts the status and the <c>{"code":…,"message":…}</c> error body.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }
}
