namespace Parley.Signaling.Delivery;

/// <summary>What a <see cref="GroupDeliveryItem"/> carries.</summary>
public enum GroupDeliveryKind
{
    /// <summary>A complete JSON-RPC notification for every member (and guest) online on the silo.</summary>
    Notification,

    /// <summary>The full member set (identifier keys), replacing what the silo knew.</summary>
    Snapshot,

    /// <summary>One member (identifier key) joined: later notifications reach it.</summary>
    MemberAdded,

    /// <summary>One member (identifier key) left: later notifications do not reach it.</summary>
    MemberRemoved,

    /// <summary>The group is gone (dismissed, reclaimed, or its grain deactivated): the silo forgets it.</summary>
    Forget,
}
