using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parley.Testing;

/// <summary>
/// An app's callback receiver for tests (docs/callbacks.md): Kestrel on loopback that records every request (headers,
/// query, raw body) and answers with <see cref="Respond"/> (200 <c>{"ActionStatus":"OK","ErrorCode":0}</c> by default).
/// Start it on a given port to bring a receiver "back up" where a server has been failing to reach one.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedCallback> _arrivals = Channel.CreateUnbounded<ReceivedCallback>();
    private readonly ConcurrentQueue<ReceivedCallback> _all = new();

    private CallbackReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The answer to each request; may be replaced at any time (the next request uses the new one).</summary>
    public Func<ReceivedCallback, Task<CallbackAnswer>> Respond { get; set; } = _ => Task.FromResult(CallbackAnswer.Ok);

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The URL to configure as an app's callback URL (path <c>/events</c>).</summary>
    public string EventsUrl => new Uri(BaseUri, "events").ToString();

    /// <summary>The URL to configure as an app's before-send URL (path <c>/before-send</c>).</summary>
    public string BeforeSendUrl => new Uri(BaseUri, "before-send").ToString();

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedCallback> Received => [.. _all];

    /// <summary>Starts a receiver on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<CallbackReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    /// <summary>The next request not yet taken, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<ReceivedCallback> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _arrivals.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No callback arrived within {timeout}; {_all.Count} arrived in all.");
        }
    }

    /// <summary>The next request to <paramref name="path"/> whose body is for an event in <paramref name="eventTypes"/> (any when empty), skipping others.</summary>
    public async Task<ReceivedCallback> NextEventAsync(TimeSpan timeout, params int[] eventTypes)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var next = await NextAsync(deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (eventTypes.Length == 0 || eventTypes.Contains(next.EventType))
            {
                return next;
            }
        }
    }

    /// <summary>True when no request is waiting to be taken.</summary>
    public bool IsIdle => !_arrivals.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var received = new ReceivedCallback(
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray(),
            DateTimeOffset.UtcNow) { Aborted = context.RequestAborted };
        _all.Enqueue(received);
        _arrivals.Writer.TryWrite(received);
        CallbackAnswer answer;
        try
        {
            answer = await Respond(received);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the sender is gone
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body, Encoding.UTF8);
    }
}
