using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Server.Admin;
using Prometheus;
using Parley.Server.Hosting;

namespace Parley.Server.Observability;

/// <summary>Registers and maps the Prometheus endpoint (<c>Metrics</c> options; docs/metrics.md).</summary>
public static class MetricsEndpoints
{
    public static IServiceCollection AddParleyMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsOptions>>(new OptionsCheck<MetricsOptions>(o => o.Validate())));
        services.AddMetrics();
        services.AddSingleton<MediaMetrics>();
        services.AddSingleton<ParleyMetricsExporter>();
        return services;
    }

    /// <summary>
    /// Maps <c>Metrics:Path</c> (Prometheus text format; OpenMetrics when the scraper asks for it) unless
    /// <c>Metrics:Enabled</c> is false; with <c>Metrics:RequireAdminToken</c> the admin token is checked first.
    /// </summary>
    public static void MapParleyMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsEndpoints));
        if (!options.Enabled)
        {
            MetricsLog.Disabled(logger);
            return;
        }

        var registry = app.Services.GetRequiredService<ParleyMetricsExporter>().Registry;
        var endpoint = app.MapMetrics(settings => settings.Registry = registry, options.Path).WithName("Metrics");
        if (options.RequireAdminToken)
        {
            endpoint.WithMetadata(AdminTokenRequired.Instance);
        }

        MetricsLog.Serving(logger, options.Path, options.RequireAdminToken);
    }
}
