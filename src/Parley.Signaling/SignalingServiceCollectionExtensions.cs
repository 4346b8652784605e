using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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
    /// Registers signaling services, binds the <c>Signaling</c> (<see cref="SignalingOptions"/>) and <c>Rooms</c>
    /// (<see cref="RoomOptions"/>) sections, and registers <see cref="IRoomQueries"/> for the admin API.
    /// Uses the host's <see cref="TimeProvider"/> (falls back to <see cref="TimeProvider.System"/>).
    /// </summary>
    public static IServiceCollection AddParleySignaling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<SignalingOptions>(configuration.GetSection(SignalingOptions.SectionName));
        services.Configure<RoomOptions>(configuration.GetSection(RoomOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UserSigAuthenticator>();
        services.TryAddSingleton<SessionRegistry>();
        services.TryAddSingleton<SignalingServices>();
        services.TryAddSingleton<IRoomQueries, RoomQueries>();
        return services;
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
        endpoints.Map("/ws", SignalingEndpoint.HandleAsync);
        return endpoints;
    }
}
