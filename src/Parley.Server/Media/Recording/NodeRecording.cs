namespace Parley.Server.Media.Recording;

/// <summary>A recording as one node knows it: from its disk, and whether it is running there now.</summary>
[GenerateSerializer, Immutable, Alias("parley.NodeRecording")]
public sealed record NodeRecording([property: Id(0)] RecordingInfo Info, [property: Id(1)] bool Running);
