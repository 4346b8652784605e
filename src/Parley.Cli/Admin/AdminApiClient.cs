using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Cli.Admin;

/// <summary>A thin client of the server's admin REST API (docs/admin-api.md).</summary>
internal sealed class AdminApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public AdminApiClient(Uri server, string token)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<AppInfo> CreateAppAsync(CreateAppBody body, CancellationToken cancellationToken) =>
        SendAsync<AppInfo>(HttpMethod.Post, "api/apps", body, cancellationToken);

    public Task<AppInfo> UpdateAppAsync(long sdkAppId, UpdateAppBody body, CancellationToken cancellationToken) =>
        SendAsync<AppInfo>(HttpMethod.Patch, $"api/apps/{sdkAppId}", body, cancellationToken);

    public Task<List<AppInfo>> ListAppsAsync(CancellationToken cancellationToken) =>
        SendAsync<List<AppInfo>>(HttpMethod.Get, "api/apps", null, cancellationToken);

    public Task<RoleInfo> PutRoleAsync(long sdkAppId, string platform, string name, PutRoleBody body, CancellationToken cancellationToken) =>
        SendAsync<RoleInfo>(HttpMethod.Put, $"api/apps/{sdkAppId}/roles/{Uri.EscapeDataString(platform)}/{Uri.EscapeDataString(name)}", body, cancellationToken);

    public Task<List<RoleInfo>> ListRolesAsync(long sdkAppId, string? platform, CancellationToken cancellationToken) =>
        SendAsync<List<RoleInfo>>(HttpMethod.Get,
            platform is null ? $"api/apps/{sdkAppId}/roles" : $"api/apps/{sdkAppId}/roles?platform={Uri.EscapeDataString(platform)}",
            null, cancellationToken);

    public Task<List<RoomSummaryInfo>> ListRoomsAsync(long sdkAppId, CancellationToken cancellationToken) =>
        SendAsync<List<RoomSummaryInfo>>(HttpMethod.Get, $"api/apps/{sdkAppId}/rooms", null, cancellationToken);

    public Task<RoomDetailsInfo> GetRoomAsync(long sdkAppId, long roomId, CancellationToken cancellationToken) =>
        SendAsync<RoomDetailsInfo>(HttpMethod.Get, $"api/apps/{sdkAppId}/rooms/{roomId}", null, cancellationToken);

    public Task DismissRoomAsync(long sdkAppId, long roomId, CancellationToken cancellationToken) =>
        SendWithoutAnswerAsync(HttpMethod.Delete, $"api/apps/{sdkAppId}/rooms/{roomId}", null, cancellationToken);

    public Task<RemoveUsersInfo> RemoveUsersAsync(long sdkAppId, long roomId, RemoveUsersBody body, CancellationToken cancellationToken) =>
        SendAsync<RemoveUsersInfo>(HttpMethod.Post, $"api/apps/{sdkAppId}/rooms/{roomId}/remove-users", body, cancellationToken);

    public Task MuteTrackAsync(long sdkAppId, long roomId, string identifier, MuteTrackBody body, CancellationToken cancellationToken) =>
        SendWithoutAnswerAsync(HttpMethod.Post, $"api/apps/{sdkAppId}/rooms/{roomId}/members/{Uri.EscapeDataString(identifier)}/mute", body, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, body, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new AdminApiException((int)response.StatusCode, 0, "The server sent an empty answer.");
    }

    /// <summary>For the calls answered 204 No Content.</summary>
    private async Task SendWithoutAnswerAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, body, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ToExceptionAsync(response, cancellationToken);
            }
        }

        return response;
    }

    private static async Task<AdminApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var error = await response.Content.ReadFromJsonAsync<ErrorInfo>(Json, cancellationToken);
            return new AdminApiException(status, error?.Code ?? 0, error?.Message ?? response.ReasonPhrase ?? "");
        }
        catch (JsonException)
        {
            return new AdminApiException(status, 0, $"HTTP {status} {response.ReasonPhrase}");
        }
    }
}
