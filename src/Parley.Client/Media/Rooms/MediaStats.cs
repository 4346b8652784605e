namespace Parley.Client.Media.Rooms;

/// <summary>This client's media counters (<c>ParleyClient.GetMediaStatsAsync</c>): both transports and every track.</summary>
public sealed record MediaStats
{
    public long PacketsSent { get; init; }

    /// <summary>Bytes of RTP sent (headers included, before encryption).</summary>
    public long BytesSent { get; init; }

    public long FramesSent { get; init; }

    public long PacketsReceived { get; init; }

    /// <summary>Payload bytes received on remote tracks.</summary>
    public long BytesReceived { get; init; }

    public long FramesReceived { get; init; }

    /// <summary>Packets missing on remote tracks by sequence number.</summary>
    public long PacketsLost { get; init; }

    /// <summary>Negotiated SRTP profile of the send transport (null before it connects).</summary>
    public string? SendSrtpProfile { get; init; }

    public string? ReceiveSrtpProfile { get; init; }

    /// <summary>The server's media address the send transport talks to (the ICE pair it chose); null before it connects.</summary>
    public System.Net.IPEndPoint? SendServerEndPoint { get; init; }

    /// <summary>The server's media address the recv transport talks to; in a cluster, the node holding the room's media.</summary>
    public System.Net.IPEndPoint? ReceiveServerEndPoint { get; init; }

    public IReadOnlyList<LocalTrackStats> Published { get; init; } = [];

    public IReadOnlyList<RemoteTrackStats> Received { get; init; } = [];
}
