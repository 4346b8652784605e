using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Server.Echo;

public static class EchoServiceCollectionExtensions
{
    /// <summary>Registers the echo test's session registry (<c>Echo</c> options); the media port comes from <c>AddParleyMedia</c>.</summary>
    public static IServiceCollection AddParleyEcho(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EchoOptions>()
            .Bind(configuration.GetSection(EchoOptions.SectionName))
            .Validate(o => o.MaxSessions >= 1, "Echo:MaxSessions must be at least 1.")
            .Validate(o => o.MaxSessionsPerAddress >= 1, "Echo:MaxSessionsPerAddress must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<EchoSessions>();
        return services;
    }
}
