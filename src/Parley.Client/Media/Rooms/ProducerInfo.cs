namespace Parley.Client.Media.Rooms;

/// <summary>A published track as the server describes it (docs/protocol.md §9 <c>Producer</c>).</summary>
public sealed record ProducerInfo(string ProducerId, string Identifier, string Kind, string Source, bool Muted, string Codec, int Layers);
