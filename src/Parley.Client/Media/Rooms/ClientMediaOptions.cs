using System.Net;

namespace Parley.Client.Media.Rooms;

/// <summary>How this client's media transports bind and connect (<c>ParleyClient.MediaOptions</c>).</summary>
public sealed class ClientMediaOptions
{
    /// <summary>
    /// Local address of both transports' UDP sockets. Null: 127.0.0.1 when the server is on loopback, else 0.0.0.0
    /// with every up non-loopback IPv4 interface address offered as a host candidate.
    /// </summary>
    public IPAddress? BindAddress { get; set; }

    /// <summary>Local UDP port of the send transport (the recv transport takes the next one when set); 0 lets the system choose.</summary>
    public int Port { get; set; }

    /// <summary>ICE + DTLS deadline per transport.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
