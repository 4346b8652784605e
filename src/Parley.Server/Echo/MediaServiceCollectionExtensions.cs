using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Parley.WebRtc;

namespace Parley.Server.Echo;

public static class MediaServiceCollectionExtensions
{
    /// <summary>Registers the media port (<c>Media</c> options) and the echo test's session registry (<c>Echo</c> options).</summary>
    public static IServiceCollection AddParleyMedia(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<MediaOptions>(configuration.GetSection(MediaOptions.SectionName));
        services.Configure<EchoOptions>(configuration.GetSection(EchoOptions.SectionName));
        services.AddSingleton<MediaServerAccessor>();
        services.AddSingleton<EchoSessions>();
        return services;
    }
}
