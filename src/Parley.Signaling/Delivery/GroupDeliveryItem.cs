namespace Parley.Signaling.Delivery;

/// <summary>One event of a <see cref="GroupDeliveryBatch"/>: a notification text, a member key, or the member keys of a snapshot.</summary>
[GenerateSerializer, Immutable, Alias("parley.GroupDeliveryItem")]
public sealed record GroupDeliveryItem(
    [property: Id(0)] GroupDeliveryKind Kind,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] IReadOnlyList<string>? Keys = null);
