namespace Parley.Dtls;

/// <summary>Lifecycle of a <see cref="DtlsSrtpEndpoint"/>.</summary>
public enum DtlsEndpointState
{
    /// <summary>Created; datagrams delivered now are queued for the handshake.</summary>
    New,

    /// <summary><see cref="DtlsSrtpEndpoint.HandshakeAsync"/> is running.</summary>
    Handshaking,

    /// <summary>Keys are available; later DTLS records (retransmissions, alerts) are still processed.</summary>
    Connected,

    /// <summary>The peer sent close_notify or we were disposed.</summary>
    Closed,

    /// <summary>The handshake failed, timed out or was cancelled.</summary>
    Failed,
}
