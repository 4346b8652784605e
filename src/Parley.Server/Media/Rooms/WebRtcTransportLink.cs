using Parley.Sfu;
using Parley.WebRtc.Transport;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// The SFU's view of one WebRTC connection: plaintext RTP/RTCP in, protected and sent by the transport. The span
/// belongs to the caller (the SFU transport's scratch buffer) and is read only during the call.
/// </summary>
internal sealed class WebRtcTransportLink(WebRtcTransport transport) : IMediaLink
{
    public WebRtcTransport Transport { get; } = transport;

    public bool SendRtp(ReadOnlySpan<byte> packet) => Transport.SendRtp(packet);

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Transport.SendRtcp(packet);
}
