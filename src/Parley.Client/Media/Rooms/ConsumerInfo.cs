namespace Parley.Client.Media.Rooms;

/// <summary>This client's copy of a remote producer (docs/protocol.md §9 <c>Consumer</c>); <see cref="Mid"/> is its recv-transport section.</summary>
public sealed record ConsumerInfo(string ConsumerId, string ProducerId, string Identifier, string Kind, string Source, string Mid, int? SpatialLayer, int? PreferredLayer);
