using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.JsonRpc;

namespace Parley.Signaling.Tests;

/// <summary>The writer's notifications are recognised by their method without parsing them (the media glue's trackPublished hook).</summary>
public sealed class JsonRpcWriterTests
{
    [Fact]
    public void A_written_notification_is_recognised_by_its_method_and_only_by_it()
    {
        var published = JsonRpcWriter.NotificationText(Events.TrackPublished,
            new TrackPublishedEvent(1, new Producer("p", "alice", "video", "camera", false, "VP8", 1)), ProtocolJsonContext.Default.TrackPublishedEvent);
        var unpublished = JsonRpcWriter.NotificationText(Events.TrackUnpublished, new TrackUnpublishedEvent(1, "alice", "p"),
            ProtocolJsonContext.Default.TrackUnpublishedEvent);

        Assert.True(JsonRpcWriter.IsNotificationOf(published, Events.TrackPublished));
        Assert.False(JsonRpcWriter.IsNotificationOf(published, "track"));
        Assert.False(JsonRpcWriter.IsNotificationOf(unpublished, Events.TrackPublished));
    }
}
