namespace Parley.Client.Media;

/// <summary>The 32-byte header of an IVF file: codec FourCC, frame size and time base.</summary>
public readonly record struct IvfHeader(string FourCc, ushort Width, ushort Height, uint TimebaseDenominator, uint TimebaseNumerator, uint FrameCount);
