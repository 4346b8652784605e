using System.Buffers.Binary;
using System.Text;

namespace Parley.Client.Media;

/// <summary>Writes an IVF container (used to record received video and to make test files).</summary>
public sealed class IvfWriter
{
    private readonly Stream _stream;

    public IvfWriter(Stream stream, string fourCc, ushort width, ushort height, uint timebaseDenominator, uint timebaseNumerator, uint frameCount)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (fourCc is null || fourCc.Length != 4)
        {
            throw new ArgumentException("A FourCC has exactly four characters.", nameof(fourCc));
        }

        _stream = stream;
        Span<byte> header = stackalloc byte[IvfReader.FileHeaderLength];
        header.Clear();
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], IvfReader.FileHeaderLength);
        Encoding.ASCII.GetBytes(fourCc, header[8..12]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], width);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], height);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], timebaseDenominator);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], timebaseNumerator);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], frameCount);
        _stream.Write(header);
    }

    public void WriteFrame(ulong timestamp, ReadOnlySpan<byte> frame)
    {
        Span<byte> frameHeader = stackalloc byte[IvfReader.FrameHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)frame.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(frameHeader[4..], timestamp);
        _stream.Write(frameHeader);
        _stream.Write(frame);
    }
}
