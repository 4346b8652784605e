namespace Parley.Protocol.Messages;

/// <summary>
/// One published track (docs/protocol.md §9). <paramref name="Kind"/> is <c>audio</c> or <c>video</c>;
/// <paramref name="Source"/> <c>microphone</c>, <c>camera</c> or <c>screen</c> (<see cref="TrackSources"/>);
/// <paramref name="Codec"/> the negotiated codec name; <paramref name="Layers"/> the number of simulcast encodings.
/// <paramref name="AdminMuted"/> says whether an operator locks its source for the stay (then <paramref name="Muted"/> is
/// true too); the media node sets it where it describes a member's own producers (publish, muteTrack, unpublish answers),
/// and it is absent (null) where the server does not know it.
/// </summary>
public sealed record Producer(string ProducerId, string Identifier, string Kind, string Source, bool Muted, string Codec, int Layers, bool? AdminMuted = null);
