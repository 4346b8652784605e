using System.Net;
using Microsoft.Extensions.Logging;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc;

/// <summary>
/// Every log message of the media port and its transports, with event ids 3000–3099 (3000s: the port, 3010s: a
/// transport). The client connection (Parley.WebRtc.Client) uses 3100–3199; DTLS logs 1–99 under its own category.
/// </summary>
internal static partial class WebRtcLog
{
    [LoggerMessage(3000, LogLevel.Information, "WebRTC media port {LocalEndPoint} up; candidates {Addresses}; SRTP order {Profiles}")]
    public static partial void PortStarted(ILogger logger, IPEndPoint localEndPoint, string addresses, string profiles);

    [LoggerMessage(3001, LogLevel.Warning, "Media:BatchedIo is on but recvmmsg/sendmmsg are unavailable here; using one recvfrom/sendto per datagram")]
    public static partial void BatchedIoUnavailable(ILogger logger);

    [LoggerMessage(3002, LogLevel.Error, "Handling a datagram failed")]
    public static partial void DatagramFailed(ILogger logger, Exception exception);

    [LoggerMessage(3010, LogLevel.Debug, "Transport {TransportId}: peer address {Remote} over {Protocol} (nominated: {Nominated})")]
    public static partial void RemoteSelected(ILogger logger, string transportId, IPEndPoint remote, string protocol, bool nominated);

    [LoggerMessage(3011, LogLevel.Information, "Transport {TransportId}: peer offers SRTP profiles {Profiles}")]
    public static partial void OfferedProfiles(ILogger logger, string transportId, string profiles);

    [LoggerMessage(3012, LogLevel.Information, "Transport {TransportId} connected with {Profile}")]
    public static partial void Connected(ILogger logger, string transportId, string profile);

    [LoggerMessage(3013, LogLevel.Information, "Transport {TransportId} closed: {Reason}")]
    public static partial void Closed(ILogger logger, string transportId, TransportCloseReason reason);

    [LoggerMessage(3014, LogLevel.Information, "Transport {TransportId}: consent expired, closing")]
    public static partial void ConsentExpired(ILogger logger, string transportId);

    [LoggerMessage(3015, LogLevel.Warning, "Transport {TransportId}: DTLS handshake failed")]
    public static partial void DtlsFailed(ILogger logger, string transportId, Exception exception);

    [LoggerMessage(3016, LogLevel.Information, "Transport {TransportId}: ICE restarted, new ufrag {Ufrag}")]
    public static partial void IceRestarted(ILogger logger, string transportId, string ufrag);

    [LoggerMessage(3018, LogLevel.Information, "Transport {TransportId}: the ICE-TCP connection it sent over closed; waiting for the peer's next check")]
    public static partial void PathLost(ILogger logger, string transportId);

    [LoggerMessage(3017, LogLevel.Debug, "Transport {TransportId}: the peer uses the restarted credentials; ufrag {Ufrag} retired")]
    public static partial void IceRetired(ILogger logger, string transportId, string ufrag);
}
