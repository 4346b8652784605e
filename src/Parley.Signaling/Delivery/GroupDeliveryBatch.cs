namespace Parley.Signaling.Delivery;

/// <summary>
/// Events of one group for one silo, in order. <paramref name="Epoch"/> names the group grain's activation: a silo that
/// sees a new epoch drops what it knew of the group's members and expects a <see cref="GroupDeliveryKind.Snapshot"/>.
/// <paramref name="EveryoneOnline"/>: a BChatRoom, whose notifications go to every online user of the app.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.GroupDeliveryBatch")]
public sealed record GroupDeliveryBatch(
    [property: Id(0)] long SdkAppId,
    [property: Id(1)] string GroupId,
    [property: Id(2)] Guid Epoch,
    [property: Id(3)] bool EveryoneOnline,
    [property: Id(4)] IReadOnlyList<GroupDeliveryItem> Items);
