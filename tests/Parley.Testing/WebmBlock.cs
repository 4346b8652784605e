namespace Parley.Testing;

/// <summary>One SimpleBlock of a <see cref="WebmFile"/>: its absolute time (timestamp-scale units), key-frame flag and payload.</summary>
public sealed record WebmBlock(long Time, bool KeyFrame, byte[] Data);
