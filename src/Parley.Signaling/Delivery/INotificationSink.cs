namespace Parley.Signaling.Delivery;

/// <summary>Something on this silo that takes notifications: a logged-in session, or a guest watching a group.</summary>
internal interface INotificationSink
{
    /// <summary>Queues a complete JSON-RPC notification; never blocks and never calls grains.</summary>
    void Notify(string notification);
}
