namespace Parley.Protocol.Messages;

/// <summary>
/// One ICE server for the client's peer connections, shaped like WebRTC's <c>RTCIceServer</c> (docs/protocol.md §4.1):
/// <paramref name="Urls"/> are <c>stun:</c>, <c>turn:</c> or <c>turns:</c> URIs (RFC 7064, RFC 7065);
/// <paramref name="Username"/> and <paramref name="Credential"/> are time-limited TURN credentials (the TURN REST API
/// convention: the username starts with the Unix time they expire at), absent for STUN.
/// </summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);
