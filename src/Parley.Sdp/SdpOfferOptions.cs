namespace Parley.Sdp;

/// <summary>Session-wide settings of an offer the server makes.</summary>
public sealed class SdpOfferOptions
{
    public SdpOfferOptions(LocalTransportParameters transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport = transport;
    }

    public LocalTransportParameters Transport { get; }

    /// <summary>o= session id; keep it for the whole session. Random by default.</summary>
    public ulong SessionId { get; set; } = (ulong)Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>o= session version; increase it for every re-offer (RFC 8829 §5.2.2).</summary>
    public ulong SessionVersion { get; set; } = 1;

    /// <summary>Group the non-stopped sections in one <c>a=group:BUNDLE</c>. Default true.</summary>
    public bool Bundle { get; set; } = true;

    public int SctpPort { get; set; } = 5000;

    public ulong MaxMessageSize { get; set; } = 262144;

    /// <summary>Write <c>a=extmap-allow-mixed</c> (the server can send two-byte header extensions).</summary>
    public bool ExtmapAllowMixed { get; set; }
}
