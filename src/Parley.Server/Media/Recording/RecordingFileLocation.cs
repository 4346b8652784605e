namespace Parley.Server.Media.Recording;

/// <summary>Where a recording's file is: on this node's disk (<see cref="LocalPath"/>) or on another node (<see cref="Node"/>).</summary>
internal sealed record RecordingFileLocation(string? LocalPath, IRecordingNodeGrain? Node, long Size);
