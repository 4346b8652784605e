using System.Net.Http.Json;

namespace Parley.Load.Common;

/// <summary>
/// Fetches userSigs from a server started with <c>--dev</c> (<c>GET /dev/usersig?identifier=…</c>, default app only).
/// The HTTP base is derived from the WebSocket URI (ws→http, wss→https, same host and port).
/// </summary>
public sealed class DevUserSigSource : IUserSigSource, IDisposable
{
    private readonly HttpClient _http;

    private DevUserSigSource(HttpClient http, long sdkAppId)
    {
        _http = http;
        SdkAppId = sdkAppId;
    }

    public long SdkAppId { get; }

    /// <summary>Asks the server once to learn the default app's sdkAppId.</summary>
    public static async Task<DevUserSigSource> CreateAsync(Uri webSocketUri, CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(webSocketUri) { Scheme = webSocketUri.Scheme == "wss" ? "https" : "http", Path = "/", Query = "" };
        var http = new HttpClient { BaseAddress = builder.Uri, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var probe = await FetchAsync(http, "parley_load_probe", cancellationToken).ConfigureAwait(false);
            return new DevUserSigSource(http, probe.SdkAppId);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async Task<string> GetUserSigAsync(string identifier, CancellationToken cancellationToken) =>
        (await FetchAsync(_http, identifier, cancellationToken).ConfigureAwait(false)).UserSig;

    private static async Task<DevUserSigResponse> FetchAsync(HttpClient http, string identifier, CancellationToken cancellationToken)
    {
        var response = await http.GetFromJsonAsync("dev/usersig?identifier=" + Uri.EscapeDataString(identifier), LoadJsonContext.Default.DevUserSigResponse, cancellationToken)
            .ConfigureAwait(false);
        return response ?? throw new InvalidOperationException("The server answered /dev/usersig with null.");
    }

    public void Dispose() => _http.Dispose();
}
