namespace Parley.WebRtc;

/// <summary>
/// ICE-TCP (RFC 6544) on the media port, bound from <c>Media:IceTcp</c>: a TCP listener on the same port number as
/// the UDP port, announced as passive TCP host candidates below the UDP ones, for networks that block UDP. Packets
/// are framed as RFC 4571 says and go through the same demultiplexing, ICE-lite, DTLS and SRTP as UDP datagrams.
/// </summary>
public sealed class IceTcpOptions
{
    /// <summary>
    /// Listen on TCP and announce TCP candidates (<c>Media:IceTcp:Enabled</c>, default true). A listener costs nothing
    /// until a peer uses it, and browsers behind UDP-blocking firewalls need it. Should the TCP port be taken, the
    /// media port logs an error and runs UDP-only (no TCP candidates), rather than failing media altogether.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Test and diagnostic switch (<c>Media:IceTcp:TcpCandidatesOnly</c>, default false): descriptions carry only the
    /// TCP candidates, so peers must connect over TCP as if UDP were blocked. The UDP port keeps running.
    /// </summary>
    public bool TcpCandidatesOnly { get; set; }

    /// <summary>
    /// A connection that has not sent a valid ICE check this long after it was accepted is closed
    /// (<c>Media:IceTcp:StunTimeout</c>, default 10 s): browsers send their first check at once.
    /// </summary>
    public TimeSpan StunTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Open connections one client IP address may hold (<c>Media:IceTcp:MaxConnectionsPerAddress</c>, default 256). A
    /// browser opens one per server candidate and peer connection, but many users share one address behind a NAT.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 256;

    /// <summary>Open connections in all (<c>Media:IceTcp:MaxConnections</c>, default 4096); more are closed at accept.</summary>
    public int MaxConnections { get; set; } = 4096;

    /// <summary>
    /// Bytes of outgoing frames a connection may hold while its TCP send buffer is full
    /// (<c>Media:IceTcp:SendBacklogBytes</c>, default 256 KiB); a packet that does not fit is dropped whole, never cut.
    /// </summary>
    public int SendBacklogBytes { get; set; } = 256 * 1024;

    /// <summary>Every problem, each naming its <c>Media:IceTcp:</c> key.</summary>
    public IEnumerable<string> Validate()
    {
        if (StunTimeout <= TimeSpan.Zero)
        {
            yield return "Media:IceTcp:StunTimeout must be positive.";
        }

        if (MaxConnectionsPerAddress < 1)
        {
            yield return $"Media:IceTcp:MaxConnectionsPerAddress must be at least 1 (it is {MaxConnectionsPerAddress}).";
        }

        if (MaxConnections < 1)
        {
            yield return $"Media:IceTcp:MaxConnections must be at least 1 (it is {MaxConnections}).";
        }

        if (SendBacklogBytes is < 4096 or > 64 * 1024 * 1024)
        {
            yield return $"Media:IceTcp:SendBacklogBytes must be between 4096 and 67108864 (it is {SendBacklogBytes}).";
        }

        if (TcpCandidatesOnly && !Enabled)
        {
            yield return "Media:IceTcp:TcpCandidatesOnly needs Media:IceTcp:Enabled.";
        }
    }
}
