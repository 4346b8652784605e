using Microsoft.Extensions.Logging;

namespace Parley.Sfu;

/// <summary>The SFU's log messages; event ids 4000–4099.</summary>
internal static partial class SfuLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Router {RouterId}: transport {TransportId} created")]
    public static partial void TransportCreated(ILogger logger, string routerId, string transportId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Transport {TransportId}: producer {ProducerId} ({Kind}, {Codec}, {LayerCount} layer(s)) created")]
    public static partial void ProducerCreated(ILogger logger, string transportId, string producerId, MediaKind kind, string codec, int layerCount);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Transport {TransportId}: consumer {ConsumerId} of producer {ProducerId} created (SSRC {Ssrc})")]
    public static partial void ConsumerCreated(ILogger logger, string transportId, string consumerId, string producerId, uint ssrc);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Producer {ProducerId}: SSRC {Ssrc} bound to layer {Layer} (RTX: {IsRtx})")]
    public static partial void SsrcBound(ILogger logger, string producerId, uint ssrc, int layer, bool isRtx);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Producer {ProducerId} closed")]
    public static partial void ProducerClosed(ILogger logger, string producerId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Consumer {ConsumerId} closed")]
    public static partial void ConsumerClosed(ILogger logger, string consumerId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Router {RouterId}: the timer tick failed")]
    public static partial void TickFailed(ILogger logger, string routerId, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "Consumer {ConsumerId}: spatial layer {Layer}")]
    public static partial void LayerChanged(ILogger logger, string consumerId, int? layer);
}
