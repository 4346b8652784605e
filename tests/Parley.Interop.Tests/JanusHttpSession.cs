using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Interop.Tests;

/// <summary>
/// The few calls of Janus's HTTP API (https://janus.conf.meetecho.com/docs/rest.html) a test needs: create a
/// session, attach a plugin, send it a message with a JSEP offer, and long-poll the session for the answer.
/// </summary>
public sealed class JanusHttpSession : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _api;
    private long _session;
    private long _handle;

    public JanusHttpSession(Uri api)
    {
        _api = api;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(40) };
    }

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        var created = await PostAsync(_api, new JsonObject { ["janus"] = "create" }, cancellationToken);
        _session = created["data"]!["id"]!.GetValue<long>();
    }

    public async Task AttachAsync(string plugin, CancellationToken cancellationToken)
    {
        var attached = await PostAsync(SessionUri, new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, cancellationToken);
        _handle = attached["data"]!["id"]!.GetValue<long>();
    }

    /// <summary>Sends <paramref name="body"/> with a JSEP offer and waits for the plugin event carrying the answer's SDP.</summary>
    public async Task<string> OfferAsync(JsonObject body, string offerSdp, CancellationToken cancellationToken)
    {
        await PostAsync(HandleUri, new JsonObject
        {
            ["janus"] = "message",
            ["body"] = body,
            ["jsep"] = new JsonObject { ["type"] = "offer", ["sdp"] = offerSdp },
        }, cancellationToken);

        // Our candidates are all in the offer: tell Janus there are no more to trickle.
        await PostAsync(HandleUri, new JsonObject { ["janus"] = "trickle", ["candidate"] = new JsonObject { ["completed"] = true } }, cancellationToken);

        while (true)
        {
            using var response = await _http.GetAsync(new Uri($"{SessionUri}?maxev=10&rid={Environment.TickCount64}"), cancellationToken);
            response.EnsureSuccessStatusCode();
            var events = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var janusEvent in events is JsonArray array ? array.ToArray() : [events])
            {
                if (janusEvent?["jsep"]?["sdp"]?.GetValue<string>() is { } sdp)
                {
                    return sdp;
                }

                if (janusEvent?["plugindata"]?["data"]?["error"] is { } error)
                {
                    throw new InvalidOperationException($"Janus refused the offer: {error}");
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session != 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await PostAsync(SessionUri, new JsonObject { ["janus"] = "destroy" }, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
            {
                // Janus is stopped right after anyway.
            }
        }

        _http.Dispose();
    }

    private Uri SessionUri => new($"{_api}/{_session}");

    private Uri HandleUri => new($"{_api}/{_session}/{_handle}");

    private async Task<JsonNode> PostAsync(Uri uri, JsonObject request, CancellationToken cancellationToken)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        using var response = await _http.PostAsJsonAsync(uri, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
            ?? throw new InvalidOperationException("Janus sent an empty reply.");
        string kind = reply["janus"]?.GetValue<string>() ?? string.Empty;
        if (kind is not ("success" or "ack"))
        {
            throw new InvalidOperationException($"Janus answered {kind}: {reply.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}");
        }

        return reply;
    }
}
