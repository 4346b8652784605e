using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Parley.Signaling.Nodes;

/// <summary>
/// The cluster's nodes as they describe themselves (docs/cluster.md): every active silo of the membership is asked
/// through its <see cref="INodeInfoGrain"/>, this node answers from <see cref="LocalNode"/> without a call. The admin
/// listing is kept for <see cref="ListingLifetime"/> on the host clock (and taken again at once when the membership
/// changes); a node that does not answer within <see cref="NodeTimeout"/> is listed as unreachable. The signaling URLs
/// that <c>login</c> and <c>resume</c> answers carry are learned once per silo (a node's URL does not change while it
/// runs), so a login waits only for a node it has not heard from yet. Singleton.
/// </summary>
public sealed class ClusterNodes
{
    /// <summary>How long a node may take to describe itself before it counts as unreachable.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a listing is answered from the cache while the membership stays the same.</summary>
    public static readonly TimeSpan ListingLifetime = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;
    private readonly LocalNode _local;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Signaling URL (null: the node announces none) by silo address, of every node that answered once.
    private readonly ConcurrentDictionary<string, string?> _urls = new(StringComparer.Ordinal);
    // When a node last failed to answer: logins do not wait for it again before ListingLifetime has passed.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedAt = new(StringComparer.Ordinal);
    private volatile CachedListing? _listing;

    internal ClusterNodes(IGrainFactory grains, IClusterMembershipService membership, LocalNode local, TimeProvider time, ILogger<ClusterNodes> logger)
    {
        _grains = grains;
        _membership = membership;
        _local = local;
        _time = time;
        _logger = logger;
    }

    /// <summary>Every active node, this one first, then by silo address.</summary>
    public async Task<IReadOnlyList<ClusterNodeStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var snapshot = _membership.CurrentSnapshot;
        var now = _time.GetUtcNow();
        if (_listing is { } cached && cached.Version == snapshot.Version && now - cached.At < ListingLifetime)
        {
            return cached.Nodes;
        }

        var self = _local.Silo;
        var others = OtherActiveSilos(snapshot, self);
        var answers = await Task.WhenAll(others.Select(silo => AskAsync(silo, cancellationToken)));
        var nodes = new List<ClusterNodeStatus>(others.Count + 1) { ClusterNodeStatus.Answered(_local.Describe(), self: true) };
        nodes.AddRange(others.Zip(answers, (silo, info) => info is null ? ClusterNodeStatus.Unreachable(silo) : ClusterNodeStatus.Answered(info, self: false)));
        _listing = new CachedListing(snapshot.Version, now, nodes);
        return nodes;
    }

    /// <summary>
    /// The signaling URLs of the active nodes that announce one, this node's first, without repeats; null when none
    /// does. Waits (at most <see cref="NodeTimeout"/>) only for nodes not heard from yet; never throws.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ServerUrlsAsync()
    {
        var self = _local.Silo;
        var others = OtherActiveSilos(_membership.CurrentSnapshot, self);
        var now = _time.GetUtcNow();
        var unknown = others.Where(silo => !_urls.ContainsKey(silo)
            && !(_failedAt.TryGetValue(silo, out var failed) && now - failed < ListingLifetime)).ToList();
        if (unknown.Count > 0)
        {
            await Task.WhenAll(unknown.Select(silo => AskAsync(silo, CancellationToken.None)));
        }

        Forget(others, self);
        var urls = new List<string>(others.Count + 1);
        if (_local.Endpoints().SignalingUrl is { } own)
        {
            urls.Add(own);
        }

        foreach (var silo in others)
        {
            if (_urls.TryGetValue(silo, out var url) && url is not null && !urls.Contains(url, StringComparer.Ordinal))
            {
                urls.Add(url);
            }
        }

        return urls.Count > 0 ? urls : null;
    }

    /// <summary>The silo addresses (grain keys of the per-silo grains) of every other active node, ordered.</summary>
    internal IReadOnlyList<string> OtherActiveSilos() => OtherActiveSilos(_membership.CurrentSnapshot, _local.Silo);

    /// <summary>The node's description, or null when it did not answer in time (logged).</summary>
    private async Task<NodeInfo?> AskAsync(string silo, CancellationToken cancellationToken)
    {
        try
        {
            var info = await _grains.GetGrain<INodeInfoGrain>(silo).Describe().WaitAsync(NodeTimeout, cancellationToken); // real time, like Orleans' own calls
            if (!_urls.TryGetValue(silo, out var known) || known != info.SignalingUrl)
            {
                NodesLog.NodeLearned(_logger, silo, info.SignalingUrl);
            }

            _urls[silo] = info.SignalingUrl;
            _failedAt.TryRemove(silo, out _);
            return info;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
        {
            NodesLog.NodeUnreachable(_logger, silo, e.GetType().Name);
            _failedAt[silo] = _time.GetUtcNow();
            return null;
        }
    }

    /// <summary>Drops what was learned of nodes that left the cluster.</summary>
    private void Forget(List<string> others, string self)
    {
        foreach (var silo in _urls.Keys.Concat(_failedAt.Keys))
        {
            if (silo != self && !others.Contains(silo, StringComparer.Ordinal))
            {
                _urls.TryRemove(silo, out _);
                _failedAt.TryRemove(silo, out _);
            }
        }
    }

    private static List<string> OtherActiveSilos(ClusterMembershipSnapshot snapshot, string self) =>
        [.. snapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress.ToParsableString())
            .Where(silo => silo != self)
            .Order(StringComparer.Ordinal)];

    private sealed record CachedListing(MembershipVersion Version, DateTimeOffset At, IReadOnlyList<ClusterNodeStatus> Nodes);
}
