namespace Parley.Cli.Admin;

// GET /api/cluster/nodes as the CLI reads it (docs/admin-api.md).

/// <summary>One host candidate of a node's media port.</summary>
internal sealed record NodeMediaAddressDto(string Protocol, string Address, int Port);

/// <summary>One active node; an unreachable one carries only its silo address.</summary>
internal sealed record ClusterNodeDto(string Silo, bool Self, bool Reachable, string? PublicUrl, string? SignalingUrl, bool? MediaStarted,
    IReadOnlyList<NodeMediaAddressDto>? MediaAddresses, DateTimeOffset? StartedAt, int? Sessions, int? Connections);
