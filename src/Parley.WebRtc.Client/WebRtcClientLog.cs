using System.Net;
using Microsoft.Extensions.Logging;

namespace Parley.WebRtc.Client;

/// <summary>Every log message of the client connection, with event ids 3100–3199 (the server side's WebRtcLog has 3000–3099).</summary>
internal static partial class WebRtcClientLog
{
    [LoggerMessage(3100, LogLevel.Error, "Handling a datagram from the server failed")]
    public static partial void DatagramFailed(ILogger logger, Exception exception);

    [LoggerMessage(3101, LogLevel.Debug, "ICE selected server candidate {Remote}")]
    public static partial void IceSelected(ILogger logger, IPEndPoint remote);

    [LoggerMessage(3102, LogLevel.Information, "Client media transport connected with {Profile}")]
    public static partial void Connected(ILogger logger, string profile);
}
