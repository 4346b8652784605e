using System.Net;
using Microsoft.Extensions.Logging;

namespace Parley.WebRtc.Tcp;

/// <summary>Log messages of the ICE-TCP listener, event ids 5200–5299 (issue 12's connectivity range).</summary>
internal static partial class IceTcpLog
{
    [LoggerMessage(5200, LogLevel.Information, "ICE-TCP listening on {LocalEndPoints}")]
    public static partial void Listening(ILogger logger, string localEndPoints);

    [LoggerMessage(5201, LogLevel.Error, "ICE-TCP could not listen on TCP port {Port} ({Error}); the media port runs UDP-only and announces no TCP candidates")]
    public static partial void BindFailed(ILogger logger, int port, string error);

    [LoggerMessage(5202, LogLevel.Debug, "ICE-TCP connection from {Remote} refused: {Limit} reached")]
    public static partial void Refused(ILogger logger, IPAddress remote, string limit);

    [LoggerMessage(5203, LogLevel.Debug, "ICE-TCP connection from {Remote} closed: no valid ICE check within {Timeout}")]
    public static partial void TimedOut(ILogger logger, IPAddress remote, TimeSpan timeout);

    [LoggerMessage(5204, LogLevel.Error, "ICE-TCP: handling a frame failed")]
    public static partial void FrameFailed(ILogger logger, Exception exception);

    [LoggerMessage(5205, LogLevel.Warning, "ICE-TCP: accepting on {LocalEndPoint} failed; the listener keeps going")]
    public static partial void AcceptFailed(ILogger logger, EndPoint? localEndPoint, Exception exception);
}
