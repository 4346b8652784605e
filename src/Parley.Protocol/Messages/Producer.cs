namespace Parley.Protocol.Messages;

/// <summary>
/// One published track (docs/protocol.md §9). <paramref name="Kind"/> is <c>audio</c> or <c>video</c>;
/// <paramref name="Source"/> <c>microphone</c>, <c>camera</c> or <c>screen</c> (<see cref="TrackSources"/>);
/// <paramref name="Codec"/> the negotiated codec name; <paramref name="Layers"/> the number of simulcast encodings.
/// </summary>
public sealed record Producer(string ProducerId, string Identifier, string Kind, string Source, bool Muted, string Codec, int Layers);
