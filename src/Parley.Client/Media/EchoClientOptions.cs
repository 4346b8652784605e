using System.Net;
using Parley.Srtp;

namespace Parley.Client.Media;

/// <summary>Settings of an <see cref="EchoClient"/>.</summary>
public sealed class EchoClientOptions
{
    /// <summary>Profiles our DTLS ClientHello offers, most preferred first; null offers all four.</summary>
    public IReadOnlyList<SrtpProfile>? OfferedSrtpProfiles { get; init; }

    /// <summary>
    /// Asks the server to prefer this order for the session (<c>?srtpProfiles=</c>); null uses its
    /// <c>Media:SrtpProfiles</c>.
    /// </summary>
    public IReadOnlyList<SrtpProfile>? ServerSrtpProfiles { get; init; }

    /// <summary>Local address of the UDP socket; default 127.0.0.1 (use 0.0.0.0 for a remote server).</summary>
    public IPAddress? BindAddress { get; init; }

    /// <summary>
    /// The user's credentials, required by a server outside developer mode (docs/webrtc.md, "Echo test"): sent as the
    /// <c>sdkAppId</c>, <c>identifier</c> and <c>userSig</c> query parameters. Leave null against a dev-mode server.
    /// </summary>
    public EchoCredentials? Credentials { get; init; }

    /// <summary>Deadline for ICE + DTLS.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Kernel socket buffers; large for load tests.</summary>
    public int SocketBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// On Linux, receive with recvmmsg and let <c>Connection.BeginSendBatch()</c> send a burst with one sendmmsg
    /// (default true); false uses one recvfrom/sendto per packet.
    /// </summary>
    public bool BatchedIo { get; init; } = true;
}
