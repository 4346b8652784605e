using System.Net;
using Parley.Srtp;

namespace Parley.WebRtc;

/// <summary>
/// Configuration of the media side (the UDP port and its ICE-TCP listener), bound from the <c>Media</c> configuration section. <see cref="Validate"/>
/// lists what is wrong; the server checks it at start and <see cref="WebRtcServer.Start"/> refuses invalid options.
/// </summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>
    /// The one UDP port every peer connection shares (<c>Media:UdpPort</c>); the ICE-TCP listener takes the same number
    /// on TCP. 0 picks a free port (tests), one free for both.
    /// </summary>
    public int UdpPort { get; set; } = 7401;

    /// <summary>
    /// The address the UDP socket binds (<c>Media:BindAddress</c>). Empty (default): one socket per announced
    /// address, all on <see cref="UdpPort"/>, so replies leave from the address the peer sent to; if an announced
    /// address is not local (NAT), a single socket on 0.0.0.0.
    /// </summary>
    public string? BindAddress { get; set; }

    /// <summary>
    /// IPs put into ICE candidates (<c>Media:AnnouncedAddresses</c>). Empty means 127.0.0.1 plus every
    /// non-loopback IPv4 address of this machine.
    /// </summary>
    public IList<string> AnnouncedAddresses { get; } = new List<string>();

    /// <summary>
    /// SRTP protection profiles in preference order (<c>Media:SrtpProfiles</c>), e.g.
    /// <c>AEAD_AES_128_GCM,AEAD_AES_256_GCM,AES_CM_128_HMAC_SHA1_80</c>. Empty means the built-in order.
    /// </summary>
    public string SrtpProfiles { get; set; } = string.Empty;

    /// <summary>RFC 7675 consent: a peer silent this long is closed (<c>Media:ConsentTimeout</c>).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a peer has to finish ICE + DTLS after the transport is created (<c>Media:ConnectTimeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Kernel receive buffer of the shared socket in bytes (<c>Media:SocketReceiveBufferBytes</c>).</summary>
    public int SocketReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Kernel send buffer of the shared socket in bytes (<c>Media:SocketSendBufferBytes</c>).</summary>
    public int SocketSendBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Receive loops (dedicated threads) per bound address (<c>Media:ReceiveLoops</c>); 0 means one per core. On Linux
    /// with more than one, each loop gets its own socket on the same port with <c>SO_REUSEPORT</c>, and the kernel
    /// spreads peers over them by address hash (one peer always lands on the same loop, so its packets stay in
    /// order); elsewhere the loops share one socket.
    /// </summary>
    public int ReceiveLoops { get; set; } = 1;

    /// <summary>
    /// Batched system calls on Linux (<c>Media:BatchedIo</c>, default true): each receive loop takes up to
    /// <see cref="IoBatchSize"/> datagrams per <c>recvmmsg</c> and sends the replies its handlers produce for that
    /// batch with one <c>sendmmsg</c>. False, or a platform without them, uses one <c>recvfrom</c>/<c>sendto</c> per
    /// datagram. Chosen once when the server starts.
    /// </summary>
    public bool BatchedIo { get; set; } = true;

    /// <summary>Most datagrams per <c>recvmmsg</c>/<c>sendmmsg</c> call (<c>Media:IoBatchSize</c>, 1–1024; anything else is an error).</summary>
    public int IoBatchSize { get; set; } = 64;

    /// <summary>ICE-TCP on the same port number (<c>Media:IceTcp:*</c>, see <see cref="IceTcpOptions"/>); on by default.</summary>
    public IceTcpOptions IceTcp { get; set; } = new();

    /// <summary>Largest <see cref="IoBatchSize"/>; a batch pins 2 × this many 2 KiB slots per receive loop.</summary>
    public const int MaxIoBatchSize = 1024;

    /// <summary>Largest <see cref="ReceiveLoops"/> (each is a dedicated thread, and on Linux a socket).</summary>
    public const int MaxReceiveLoops = 256;

    /// <summary>Every problem with these options, each naming its <c>Media:</c> key; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (UdpPort is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add($"Media:UdpPort must be between 0 and {IPEndPoint.MaxPort} (it is {UdpPort}).");
        }

        if (!string.IsNullOrWhiteSpace(BindAddress) && !IPAddress.TryParse(BindAddress, out _))
        {
            errors.Add($"Media:BindAddress '{BindAddress}' is not an IP address.");
        }

        foreach (var address in AnnouncedAddresses)
        {
            if (!IPAddress.TryParse(address, out _))
            {
                errors.Add($"Media:AnnouncedAddresses contains '{address}', which is not an IP address.");
            }
        }

        try
        {
            SrtpProfileNames.ParseList(SrtpProfiles);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"Media:SrtpProfiles: {ex.Message}");
        }

        if (ConsentTimeout <= TimeSpan.Zero)
        {
            errors.Add("Media:ConsentTimeout must be positive.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add("Media:ConnectTimeout must be positive.");
        }

        if (SocketReceiveBufferBytes <= 0 || SocketSendBufferBytes <= 0)
        {
            errors.Add("Media:SocketReceiveBufferBytes and Media:SocketSendBufferBytes must be positive.");
        }

        if (ReceiveLoops is < 0 or > MaxReceiveLoops)
        {
            errors.Add($"Media:ReceiveLoops must be between 0 (one per core) and {MaxReceiveLoops} (it is {ReceiveLoops}).");
        }

        if (IoBatchSize is < 1 or > MaxIoBatchSize)
        {
            errors.Add($"Media:IoBatchSize must be between 1 and {MaxIoBatchSize} (it is {IoBatchSize}).");
        }

        if (IceTcp is null)
        {
            errors.Add("Media:IceTcp must not be null.");
        }
        else
        {
            errors.AddRange(IceTcp.Validate());
        }

        return errors;
    }
}
