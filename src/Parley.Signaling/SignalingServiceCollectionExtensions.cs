using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Parley.Signaling.Login;
using Parley.Signaling.Rooms;
using Parley.Signaling.Sessions;

namespace Parley.Signaling;

/// <summary>
/// The seam between the host (Parley.Server) and signaling. The host registers its storage-backed
/// <see cref="Abstractions.IAppCatalog"/>, <see cref="Abstractions.IRoleCatalog"/> and <see cref="Abstractions.IUserDirectory"/>,
/// co-hosts the Orleans silo (the grains of this assembly are found through its Orleans application part),
/// then calls these two methods.
/// </summary>
public static class SignalingServiceCollectionExtensions
{
    /// <summary>
    /// Registers signaling services, binds the <c>Signaling</c> (<see cref="SignalingOptions"/>), <c>Rooms</c>
    /// (<see cref="RoomOptions"/>), <c>Groups</c> and <c>Limits</c> (<see cref="Limits.LimitsOptions"/>, the node's
    /// <see cref="Limits.AbuseLimits"/>) sections, and registers <see cref="IRoomQueries"/> for the admin API.
    /// Uses the host's <see cref="TimeProvider"/> (falls back to <see cref="TimeProvider.System"/>).
    /// </summary>
    public static IServiceCollection AddParleySignaling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // TimeProvider timers accept due times up to about 49 days; every timer-backed setting must fit.
        var longestTimer = TimeSpan.FromDays(49);
        services.AddOptions<SignalingOptions>()
            .Bind(configuration.GetSection(SignalingOptions.SectionName))
            .Validate(o => o.MaxFrameBytes >= 64, "Signaling:MaxFrameBytes must be at least 64.")
            .Validate(o => o.LoginTimeout > TimeSpan.Zero && o.LoginTimeout < longestTimer, "Signaling:LoginTimeout must be positive and under 49 days.")
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.HeartbeatTimeout > o.HeartbeatInterval && o.HeartbeatTimeout < longestTimer,
                "Signaling:HeartbeatTimeout must exceed Signaling:HeartbeatInterval (> 0) and be under 49 days.")
            .Validate(o => o.RateLimitPerSecond > 0 && o.RateLimitBurst >= 1 && o.FloodCloseThreshold >= 1 && o.FloodWindow > TimeSpan.Zero,
                "Signaling rate limits must be positive.")
            .Validate(o => o.ResumeWindow >= TimeSpan.Zero && o.ResumeWindow < longestTimer, "Signaling:ResumeWindow must be between 0 and 49 days.")
            .Validate(o => o.SendQueueLimit >= 1 && o.CloseHandshakeTimeout > TimeSpan.Zero, "Signaling:SendQueueLimit and CloseHandshakeTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<RoomOptions>()
            .Bind(configuration.GetSection(RoomOptions.SectionName))
            .Validate(o => o.DissolveDelay >= TimeSpan.Zero && o.DissolveDelay < longestTimer, "Rooms:DissolveDelay must be between 0 and 49 days.")
            .ValidateOnStart();
        services.AddOptions<GroupOptions>()
            .Bind(configuration.GetSection(GroupOptions.SectionName))
            .Validate(o => o.PrivateIdleLimit > TimeSpan.Zero, "Groups:PrivateIdleLimit must be positive.")
            .Validate(o => o.ReclaimSweepInterval > TimeSpan.Zero && o.ReclaimSweepInterval < longestTimer, "Groups:ReclaimSweepInterval must be positive and under 49 days.")
            .ValidateOnStart();
        services.AddOptions<Limits.LimitsOptions>()
            .Bind(configuration.GetSection(Limits.LimitsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Limits.LimitsOptions>, Limits.LimitsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // IMeterFactory for the limits' meter (the web host registers it already; a bare host may not).
        services.AddMetrics();
        services.TryAddSingleton<Limits.AbuseLimits>();
        services.TryAddSingleton<UserSigAuthenticator>();
        services.TryAddSingleton<RoomAccessAuthorizer>();
        services.TryAddSingleton<SessionRegistry>();
        // One timer for every session's login, heartbeat and userSig deadlines (not three per session).
        services.TryAddSingleton<SessionDeadlines>();
        // Resumes across nodes (docs/protocol.md §13): relaying a connection to the node that holds its session, and back.
        services.TryAddSingleton<Sessions.Relay.RelayedSessions>();
        services.TryAddSingleton<Sessions.Relay.SessionRelays>();
        // The gauges exist once this is created: the host's metrics exporter takes it (docs/metrics.md).
        services.AddMetrics();
        services.TryAddSingleton(sp => new Observability.SignalingMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<SessionRegistry>(), sp.GetRequiredService<Delivery.LocalSessions>(),
            sp.GetRequiredService<Sessions.Relay.RelayedSessions>(), sp.GetRequiredService<Sessions.Relay.SessionRelays>()));
        services.AddHostedService<SessionReattachment>();
        services.TryAddSingleton<SignalingServices>();
        services.TryAddSingleton<Delivery.LocalSessions>();
        services.TryAddSingleton<Delivery.SiloGroupDelivery>();
        services.AddPlacementDirector<Delivery.SiloKeyedPlacement, Delivery.SiloKeyedPlacementDirector>();
        // Each node's "who am I" and the cluster's list of them (docs/cluster.md): the admin API and login's `servers`.
        services.TryAddSingleton<Nodes.LocalNode>();
        services.TryAddSingleton(sp => new Nodes.ClusterNodes(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<Orleans.Runtime.IClusterMembershipService>(),
            sp.GetRequiredService<Nodes.LocalNode>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Nodes.ClusterNodes>>()));
        services.AddSingleton<Groups.GroupReclaimer>();
        services.AddHostedService(sp => sp.GetRequiredService<Groups.GroupReclaimer>());
        services.TryAddSingleton<IRoomQueries, RoomQueries>();
        services.TryAddSingleton<IRoomAdministration, RoomAdministration>();
        services.TryAddSingleton<Users.IUserAdministration, Users.UserAdministration>();
        // Event callbacks (docs/callbacks.md): the host's outbox and before-send call, or nothing.
        services.TryAddSingleton<Callbacks.IAppEventSink, Callbacks.NoAppEventSink>();
        services.TryAddSingleton<Callbacks.IBeforeSendCallback, Callbacks.NoBeforeSendCallback>();
        return services;
    }

    /// <summary>
    /// Lets this endpoint's connections that open with a <c>/ws</c> upgrade skip Kestrel's HTTP layer
    /// (<c>Signaling:ConnectionLevelWebSockets</c>, on by default; see <c>Sessions/Transport/WebSocketConnections.cs</c>).
    /// Call it on plain (non-TLS) listen options; <see cref="MapParleySignaling"/> still serves <c>/ws</c> over HTTP.
    /// </summary>
    public static Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions UseParleyWebSockets(this Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var services = listen.ApplicationServices;
        listen.Use(next => Sessions.Transport.WebSocketConnections.Middleware(next, services));
        return listen;
    }

    /// <summary>
    /// Maps the WebSocket endpoint <c>/ws</c> (enables WebSockets on the pipeline only for that path is not possible,
    /// so the host must call <c>app.UseWebSockets()</c>) and hooks host shutdown: on ApplicationStopping every session
    /// gets <c>serverShuttingDown</c> and close 1001.
    /// </summary>
    public static IEndpointRouteBuilder MapParleySignaling(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registry = endpoints.ServiceProvider.GetRequiredService<SessionRegistry>();
        var lifetime = endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(registry.ShutdownAll);
        // Connections relayed to sessions on other nodes: those sessions are handed back as dropped (they wait, suspended,
        // for their clients' next resume), the clients told to reconnect.
        var relays = endpoints.ServiceProvider.GetRequiredService<Sessions.Relay.SessionRelays>();
        lifetime.ApplicationStopping.Register(() => relays.ShutDownAllAsync().Wait(TimeSpan.FromSeconds(5)));
        // Created now so that the node's start time is its start, not the first time someone asks.
        endpoints.ServiceProvider.GetRequiredService<Nodes.LocalNode>();
        endpoints.Map("/ws", SignalingEndpoint.HandleAsync);
        return endpoints;
    }
}
