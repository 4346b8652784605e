using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Parley.Server.Hosting;
using Parley.Server.Storage;

namespace Parley.Server.Cluster;

/// <summary>
/// How the co-hosted silo finds the others (<c>Orleans:ClusteringMode</c>): <c>localhost</c> — one silo, nothing to
/// find; <c>postgres</c> — membership in the store's PostgreSQL database (<see cref="PostgresMembershipTable"/>);
/// <c>redis</c> — Orleans' Redis membership. In the cluster modes the silo listens on all interfaces and announces
/// <c>Orleans:AdvertisedAddress</c> (docs/cluster.md).
/// </summary>
internal static class OrleansClustering
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming the key when the settings cannot work.</summary>
    public static void Validate(OrleansHostingOptions options, StorageOptions storage)
    {
        switch (options.ClusteringMode.ToLowerInvariant())
        {
            case OrleansHostingOptions.LocalhostClustering:
                return;
            case OrleansHostingOptions.PostgresClustering:
                if (!string.Equals(storage.Provider, StorageOptions.PostgresProvider, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        "Orleans:ClusteringMode 'postgres' keeps membership in the store's database: set Storage:Provider=postgres and Storage:ConnectionString too.");
                }

                break;
            case OrleansHostingOptions.RedisClustering:
                if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
                {
                    throw new InvalidOperationException("Orleans:ClusteringMode 'redis' needs Orleans:RedisConnectionString, e.g. 'redis1:6379'.");
                }

                break;
            default:
                throw new InvalidOperationException(
                    $"Orleans:ClusteringMode '{options.ClusteringMode}' is unknown. Supported: 'localhost' (one node, the default), 'postgres' and 'redis'.");
        }

        if (options.AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            throw new InvalidOperationException($"Orleans:AdvertisedAddress '{address}' is not an IP address.");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Orleans:ProbeTimeout must be positive.");
        }
    }

    public static void Configure(ISiloBuilder silo, OrleansHostingOptions options, StorageOptions storage)
    {
        var mode = options.ClusteringMode.ToLowerInvariant();
        if (mode == OrleansHostingOptions.LocalhostClustering)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primarySiloEndpoint: null, options.ServiceId, options.ClusterId);
            return;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        var advertised = string.IsNullOrWhiteSpace(options.AdvertisedAddress) ? GuessAdvertisedAddress() : IPAddress.Parse(options.AdvertisedAddress);
        silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // A killed node stops answering probes: after NumMissedProbesLimit (3) probes of ProbeTimeout each, two
            // live silos vote it dead (one when only one is left), so with the 2 s default it is out in ~6–10 s.
            o.ProbeTimeout = options.ProbeTimeout;
            o.TableRefreshTimeout = options.ProbeTimeout * 2;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
            // A node that comes back with the same endpoint is a new generation; the dead row is cleaned up later.
            o.DefunctSiloCleanupPeriod = TimeSpan.FromHours(1);
            o.DefunctSiloExpiration = TimeSpan.FromDays(1);
        });

        if (mode == OrleansHostingOptions.PostgresClustering)
        {
            silo.Services.AddSingleton(_ => new ClusterDatabase(storage.ConnectionString!));
            silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        }
        else
        {
            silo.UseRedisClustering(options.RedisConnectionString!);
        }
    }

    /// <summary>The first up, non-loopback IPv4 address of this machine; loopback when there is none.</summary>
    private static IPAddress GuessAdvertisedAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;
}
