using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Server.Echo;

public static class EchoServiceCollectionExtensions
{
    /// <summary>Registers the echo test's session registry (<c>Echo</c> options); the media port comes from <c>AddParleyMedia</c>.</summary>
    public static IServiceCollection AddParleyEcho(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<EchoOptions>(configuration.GetSection(EchoOptions.SectionName));
        services.AddSingleton<EchoSessions>();
        return services;
    }
}
