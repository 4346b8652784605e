namespace Parley.Signaling.Nodes;

/// <summary>One host candidate a node's media port announces: <paramref name="Protocol"/> is <c>udp</c> or <c>tcp</c> (ICE-TCP, passive).</summary>
[GenerateSerializer, Immutable, Alias("parley.NodeMediaAddress")]
public sealed record NodeMediaAddress([property: Id(0)] string Protocol, [property: Id(1)] string Address, [property: Id(2)] int Port);
