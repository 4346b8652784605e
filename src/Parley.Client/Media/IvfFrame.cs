namespace Parley.Client.Media;

/// <summary>One compressed frame of an IVF file; <see cref="Timestamp"/> counts time-base units.</summary>
public readonly record struct IvfFrame(ulong Timestamp, ReadOnlyMemory<byte> Data);
