namespace Parley.Signaling.Delivery;

/// <summary>Something on this silo that takes notifications: a logged-in session, or a guest watching a group.</summary>
internal interface INotificationSink
{
    /// <summary>
    /// Queues a complete JSON-RPC notification as UTF-8; never blocks and never calls grains. The array is shared by
    /// every sink the notification goes to (encoded once per silo): nobody writes to it.
    /// </summary>
    void Notify(byte[] notification);
}
