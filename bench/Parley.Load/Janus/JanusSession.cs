using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Parley.Load.Janus;

/// <summary>
/// One session of Janus's HTTP API (https://janus.conf.meetecho.com/docs/rest.html): attach plugin handles, send them
/// requests (with a JSEP when there is one), and receive their asynchronous events from a long-poll loop that also
/// keeps the session alive (Janus drops sessions silent for 60 s). One instance per simulated participant.
/// </summary>
public sealed class JanusSession : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly Channel<JsonNode> _events = Channel.CreateUnbounded<JsonNode>();
    private readonly CancellationTokenSource _stop = new();
    private Task _polling = Task.CompletedTask;
    private long _session;

    public JanusSession(HttpClient http, Uri api)
    {
        _http = http;
        _api = api;
    }

    private Uri SessionUri => new($"{_api}/{_session}");

    /// <summary>Creates the session and starts long-polling it.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        var created = await PostAsync(_api, new JsonObject { ["janus"] = "create" }, cancellationToken);
        _session = created["data"]!["id"]!.GetValue<long>();
        _polling = PollAsync(_stop.Token);
    }

    /// <summary>Attaches <paramref name="plugin"/> and returns the handle id.</summary>
    public async Task<long> AttachAsync(string plugin, CancellationToken cancellationToken)
    {
        var attached = await PostAsync(SessionUri, new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, cancellationToken);
        return attached["data"]!["id"]!.GetValue<long>();
    }

    /// <summary>
    /// Sends a plugin request; returns Janus's direct reply (a synchronous plugin answer, or an ack when the answer
    /// comes later as an event). A JSEP sent with it carries all our candidates, so trickle is completed right after.
    /// </summary>
    public async Task<JsonNode> RequestAsync(long handle, JsonObject body, string? jsepType = null, string? sdp = null, CancellationToken cancellationToken = default)
    {
        var message = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsepType is not null)
        {
            message["jsep"] = new JsonObject { ["type"] = jsepType, ["sdp"] = sdp };
        }

        var reply = await PostAsync(new Uri($"{_api}/{_session}/{handle}"), message, cancellationToken);
        if (jsepType is not null)
        {
            await PostAsync(new Uri($"{_api}/{_session}/{handle}"), new JsonObject { ["janus"] = "trickle", ["candidate"] = new JsonObject { ["completed"] = true } }, cancellationToken);
        }

        if (reply["plugindata"]?["data"]?["error"] is { } error)
        {
            throw new InvalidOperationException($"Janus refused {body["request"]}: {error}");
        }

        return reply;
    }

    /// <summary>Waits for the next plugin event of <paramref name="handle"/> (events of other handles are not expected here).</summary>
    public async Task<JsonNode> NextPluginEventAsync(long handle, CancellationToken cancellationToken)
    {
        while (true)
        {
            var janusEvent = await _events.Reader.ReadAsync(cancellationToken);
            if (janusEvent["janus"]?.GetValue<string>() != "event" || janusEvent["sender"]?.GetValue<long>() != handle)
            {
                continue; // webrtcup, media, slowlink, keepalive: not what a request waits for
            }

            if (janusEvent["plugindata"]?["data"]?["error"] is { } error)
            {
                throw new InvalidOperationException($"Janus reported an error: {error}");
            }

            return janusEvent;
        }
    }

    /// <summary>Waits for the next plugin event of <paramref name="handle"/> that carries a JSEP and returns its SDP.</summary>
    public async Task<string> NextJsepAsync(long handle, CancellationToken cancellationToken)
    {
        while (true)
        {
            var janusEvent = await NextPluginEventAsync(handle, cancellationToken);
            if (janusEvent["jsep"]?["sdp"]?.GetValue<string>() is { } sdp)
            {
                return sdp;
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri($"{SessionUri}?maxev=10&rid={Environment.TickCount64}"), cancellationToken);
                response.EnsureSuccessStatusCode();
                var events = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                foreach (var janusEvent in events is JsonArray array ? array.ToArray() : [events])
                {
                    if (janusEvent is not null)
                    {
                        _events.Writer.TryWrite(janusEvent);
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        if (_session != 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await PostAsync(SessionUri, new JsonObject { ["janus"] = "destroy" }, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
            {
                // Janus is stopped right after a run anyway.
            }
        }

        _stop.Dispose();
    }

    private async Task<JsonNode> PostAsync(Uri uri, JsonObject request, CancellationToken cancellationToken)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        using var response = await _http.PostAsJsonAsync(uri, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
            ?? throw new InvalidOperationException("Janus sent an empty reply.");
        var kind = reply["janus"]?.GetValue<string>() ?? string.Empty;
        if (kind is not ("success" or "ack"))
        {
            throw new InvalidOperationException($"Janus answered {kind}: {reply.ToJsonString()}");
        }

        return reply;
    }
}
