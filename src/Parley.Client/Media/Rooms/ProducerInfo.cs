namespace Parley.Client.Media.Rooms;

/// <summary>
/// A published track as the server describes it (docs/protocol.md §9 <c>Producer</c>). <see cref="AdminMuted"/>: whether an
/// operator locks its source for the stay; null when the server did not say (an older server, or a message that does not
/// carry it).
/// </summary>
public sealed record ProducerInfo(string ProducerId, string Identifier, string Kind, string Source, bool Muted, string Codec, int Layers, bool? AdminMuted = null);
