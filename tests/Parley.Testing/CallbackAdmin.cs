using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Parley.Testing;

/// <summary>The callback endpoints of the admin API (docs/admin-api.md) for tests.</summary>
public static class CallbackAdmin
{
    /// <summary>PUTs <paramref name="settingsJson"/> as the app's callback settings; returns the answer (with the signing key when one was made).</summary>
    public static async Task<JsonElement> PutCallbacksAsync(this ParleyTestServer server, long sdkAppId, string settingsJson)
    {
        using var admin = server.CreateAdminClient();
        using var content = new StringContent(settingsJson, Encoding.UTF8, "application/json");
        using var response = await admin.PutAsync(new Uri($"api/apps/{sdkAppId}/callbacks", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT callbacks answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Sends the app's events to <paramref name="receiver"/> (only <paramref name="events"/> when given) and, with
    /// <paramref name="beforeSend"/>, asks its before-send URL too; returns the (newly made) signing key.
    /// </summary>
    public static async Task<string> UseCallbackReceiverAsync(this ParleyTestServer server, CallbackReceiver receiver, int[]? events = null,
        bool beforeSend = false, int timeoutMs = 2000, bool failOpen = true, long? sdkAppId = null)
    {
        var eventsJson = events is null ? "null" : "[" + string.Join(",", events) + "]";
        var beforeSendJson = beforeSend
            ? $$"""{"url":"{{receiver.BeforeSendUrl}}","timeoutMs":{{timeoutMs}},"failOpen":{{(failOpen ? "true" : "false")}}}"""
            : "null";
        var answer = await server.PutCallbacksAsync(sdkAppId ?? server.DefaultApp.SdkAppId,
            $$"""{"url":"{{receiver.EventsUrl}}","events":{{eventsJson}},"beforeSend":{{beforeSendJson}},"rotateSigningKey":true}""");
        return answer.GetProperty("signingKey").GetString()!;
    }

    /// <summary>The app's dead letters, newest first.</summary>
    public static async Task<JsonElement> GetDeadLettersAsync(this ParleyTestServer server, long sdkAppId)
    {
        using var admin = server.CreateAdminClient();
        return await admin.GetFromJsonAsync<JsonElement>($"api/apps/{sdkAppId}/callbacks/dead-letters");
    }
}
