namespace Parley.Signaling.Nodes;

/// <summary>
/// Where clients reach a node: <paramref name="PublicUrl"/> as configured (<c>Cluster:PublicUrl</c>) or derived,
/// <paramref name="SignalingUrl"/> the WebSocket endpoint clients connect to (both null when unknown); the media host
/// candidates of its port, and whether the port is bound yet (it is bound on first use; before that the candidates are
/// the ones it will announce, empty when its port number is chosen at bind time).
/// </summary>
public sealed record NodeEndpoints(string? PublicUrl, string? SignalingUrl, bool MediaStarted, IReadOnlyList<NodeMediaAddress> MediaAddresses)
{
    /// <summary>A node that announces nothing (no host hook registered).</summary>
    public static readonly NodeEndpoints None = new(null, null, false, []);
}
