using Parley.Protocol.Chat;

namespace Parley.Client;

/// <summary>A group system notification for this user (<c>groupSystemNotification</c>), live or caught up by sync.</summary>
public sealed class GroupSystemNotificationEventArgs(GroupSystemNotification notification, bool fromSync) : EventArgs
{
    public GroupSystemNotification Notification { get; } = notification;

    public bool FromSync { get; } = fromSync;
}
