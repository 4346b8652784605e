using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Parley.Signaling.Nodes;
using Parley.Server.Hosting;

namespace Parley.Server.Cluster;

/// <summary>Registers how this node announces itself (<c>Cluster</c> options, <see cref="NodeAnnouncement"/>; docs/cluster.md).</summary>
public static class ClusterNodeServiceCollectionExtensions
{
    public static IServiceCollection AddParleyClusterNodes(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClusterNodeOptions>().Bind(configuration.GetSection(ClusterNodeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterNodeOptions>>(new OptionsCheck<ClusterNodeOptions>(o => o.Validate())));
        services.TryAddSingleton<INodeAnnouncement, NodeAnnouncement>();
        return services;
    }
}
