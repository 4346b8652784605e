namespace Parley.Sfu;

/// <summary>One transport's settings.</summary>
public sealed record TransportOptions
{
    /// <summary>The transport's id; a new GUID when null.</summary>
    public string? Id { get; init; }

    /// <summary>The SSRC the SFU uses as sender of RTCP feedback on this transport; random when null.</summary>
    public uint? RtcpSsrc { get; init; }
}
