using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Parley.Auth;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Rooms;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>
/// A real signaling server for tests: Kestrel on an ephemeral loopback port, a co-hosted Orleans silo with
/// localhost clustering on free ports, and in-memory doubles of the three storage abstractions.
/// </summary>
public sealed class SignalingTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private SignalingTestHost(WebApplication app, TimeProvider time, InMemoryRoleCatalog roles, int siloPort, string clusterId)
    {
        SiloPort = siloPort;
        ClusterId = clusterId;
        _app = app;
        Time = time;
        Roles = roles;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        WebSocketUri = new UriBuilder(address) { Scheme = "ws", Path = "/ws" }.Uri;
    }

    public Uri WebSocketUri { get; }

    public int SiloPort { get; }

    public string ClusterId { get; }

    public TimeProvider Time { get; }

    /// <summary>The fake clock; only for hosts started with one.</summary>
    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    public InMemoryRoleCatalog Roles { get; }

    public IRoomQueries RoomQueries => _app.Services.GetRequiredService<IRoomQueries>();

    public IRoomAdministration RoomAdministration => _app.Services.GetRequiredService<IRoomAdministration>();

    /// <summary>The silo's grain factory, for driving grains the way the media glue will.</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The room grain of <paramref name="roomId"/> in the test app.</summary>
    public Parley.Signaling.Grains.IRoomGrain Room(long roomId, long sdkAppId = TestApp.SdkAppId) =>
        Grains.GetGrain<Parley.Signaling.Grains.IRoomGrain>(Parley.Signaling.Grains.GrainKeys.Room(sdkAppId, roomId));

    /// <summary>How many signaling sessions this host's silo holds right now.</summary>
    /// <summary>Groups whose member lists this silo's delivery step holds (it got at least one batch for them).</summary>
    public int GroupsDeliveredHere => _app.Services.GetRequiredService<Parley.Signaling.Delivery.SiloGroupDelivery>().TrackedGroups;

    /// <summary>The live session of <paramref name="identifier"/> on this host.</summary>
    internal Parley.Signaling.Sessions.SignalingSession Session(string identifier) =>
        _app.Services.GetRequiredService<Parley.Signaling.Sessions.SessionRegistry>().All.Single(s => s.Identifier == identifier);

    /// <summary>A service of this host's container.</summary>
    internal T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public int LiveSessions => _app.Services.GetRequiredService<Parley.Signaling.Sessions.SessionRegistry>().Count;

    /// <summary>How many of them are suspended, waiting for a resume (docs/protocol.md §13).</summary>
    public int SuspendedSessions => _app.Services.GetRequiredService<Parley.Signaling.Sessions.SessionRegistry>().SuspendedCount;

    /// <summary>Sessions of this host running on a connection relayed from another node (a resume that arrived there).</summary>
    public int RelayedHere => _app.Services.GetRequiredService<Parley.Signaling.Sessions.Relay.RelayedSessions>().Count;

    /// <summary>Connections this host relays to sessions held by other nodes.</summary>
    public int RelaysFromHere => _app.Services.GetRequiredService<Parley.Signaling.Sessions.Relay.SessionRelays>().Count;

    /// <summary>
    /// Starts a host. With <paramref name="joinClusterOf"/> its silo joins that host's cluster (localhost clustering
    /// with the other host's silo as primary), so grains and sessions spread over two silos.
    /// </summary>
    public static async Task<SignalingTestHost> StartAsync(
        FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null, SignalingTestHost? joinClusterOf = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var clusterId = joinClusterOf?.ClusterId ?? "signaling-test-" + Guid.NewGuid().ToString("N");
        var primary = joinClusterOf is null ? null : new IPEndPoint(IPAddress.Loopback, joinClusterOf.SiloPort);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort, primary, clusterId, clusterId));
        TimeProvider clock = time ?? TimeProvider.System;
        builder.Services.AddSingleton(clock);
        var roles = new InMemoryRoleCatalog();
        builder.Services.AddSingleton<IAppCatalog, InMemoryAppCatalog>();
        builder.Services.AddSingleton<IUserDirectory, InMemoryUserDirectory>();
        builder.Services.AddSingleton<IRoleCatalog>(roles);
        builder.Services.AddSingleton<IGroupStore, InMemoryGroupStore>();
        builder.Services.AddSingleton<IMessageStore, InMemoryMessageStore>();
        builder.Services.AddParleySignaling(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero }); // as the server does (ParleyApp)
        app.MapParleySignaling();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new SignalingTestHost(app, clock, roles, siloPort, clusterId);
    }

    /// <summary>A userSig for <paramref name="identifier"/> of the test app, issued at the host's "now".</summary>
    public string UserSig(string identifier, long expireSeconds = UserSigGenerator.DefaultExpireSeconds, string key = TestApp.SecretKey, long sdkAppId = TestApp.SdkAppId) =>
        UserSigGenerator.Generate(sdkAppId, key, identifier, expireSeconds, now: Time.GetUtcNow());

    /// <summary>A PrivateMapKey for <paramref name="identifier"/> and <paramref name="roomId"/>, issued at the host's "now" (or <paramref name="issuedAt"/>).</summary>
    public string PrivateMapKey(string identifier, uint roomId, RoomPrivileges privileges, long expireSeconds = 3600,
        long sdkAppId = TestApp.SdkAppId, DateTimeOffset? issuedAt = null) =>
        PrivateMapKeyGenerator.Generate(sdkAppId, TestApp.SecretKey, identifier, expireSeconds, roomId, privileges, now: issuedAt ?? Time.GetUtcNow());

    /// <summary>Connects a raw WebSocket client.</summary>
    public Task<TestClient> ConnectAsync() => TestClient.ConnectAsync(WebSocketUri);

    /// <summary>Connects and logs in; fails the test if the login fails.</summary>
    public async Task<TestClient> LoginAsync(string identifier, string platform = "web", long expireSeconds = UserSigGenerator.DefaultExpireSeconds,
        long sdkAppId = TestApp.SdkAppId, string? privateMapKey = null, bool? resumable = null)
    {
        var client = await ConnectAsync();
        var result = await client.CallAsync("login", new
        {
            sdkAppId, identifier, userSig = UserSig(identifier, expireSeconds, sdkAppId: sdkAppId), platform, privateMapKey, resumable,
        });
        client.LoginResult = result.Result();
        return client;
    }

    /// <summary>Stops the host (ApplicationStopping runs, then the silo and Kestrel stop).</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
