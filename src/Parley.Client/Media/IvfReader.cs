using System.Buffers.Binary;
using System.Text;

namespace Parley.Client.Media;

/// <summary>
/// Reads VP8 (or any codec's) frames from an IVF container: a 32-byte file header, then per frame a 12-byte
/// header (little-endian u32 size, u64 timestamp) and the frame bytes.
/// </summary>
public sealed class IvfReader : IDisposable
{
    // IVF has no RFC; the layout is libvpx's (ivfdec.c / ivfenc.c): "DKIF", u16 version 0, u16 header size 32,
    // FourCC, u16 width, u16 height, u32 rate, u32 scale, u32 frame count, u32 unused.
    public const int FileHeaderLength = 32;
    public const int FrameHeaderLength = 12;

    /// <summary>Frames larger than this are treated as corruption (a 4K keyframe is far smaller).</summary>
    private const int MaxFrameLength = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    private IvfReader(Stream stream, IvfHeader header, bool leaveOpen)
    {
        _stream = stream;
        Header = header;
        _leaveOpen = leaveOpen;
    }

    public IvfHeader Header { get; }

    /// <summary>Opens an IVF stream; throws <see cref="InvalidDataException"/> when the header is not IVF.</summary>
    public static IvfReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[FileHeaderLength];
        if (stream.ReadAtLeast(header, FileHeaderLength, throwOnEndOfStream: false) < FileHeaderLength)
        {
            throw new InvalidDataException("The stream is shorter than an IVF header.");
        }

        if (!header[..4].SequenceEqual("DKIF"u8))
        {
            throw new InvalidDataException("The stream does not start with the IVF signature DKIF.");
        }

        ushort headerLength = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        if (headerLength < FileHeaderLength)
        {
            throw new InvalidDataException($"IVF header length {headerLength} is shorter than {FileHeaderLength}.");
        }

        // Newer writers may extend the header; skip what we do not understand.
        for (int skip = headerLength - FileHeaderLength; skip > 0; skip--)
        {
            if (stream.ReadByte() < 0)
            {
                throw new InvalidDataException("The IVF header is truncated.");
            }
        }

        var parsed = new IvfHeader(
            Encoding.ASCII.GetString(header[8..12]),
            BinaryPrimitives.ReadUInt16LittleEndian(header[12..]),
            BinaryPrimitives.ReadUInt16LittleEndian(header[14..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[24..]));
        return new IvfReader(stream, parsed, leaveOpen);
    }

    /// <summary>Reads the next frame; false at the end of the file or when the last frame is truncated.</summary>
    public bool TryReadFrame(out IvfFrame frame)
    {
        frame = default;
        Span<byte> frameHeader = stackalloc byte[FrameHeaderLength];
        if (_stream.ReadAtLeast(frameHeader, FrameHeaderLength, throwOnEndOfStream: false) < FrameHeaderLength)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(frameHeader);
        ulong timestamp = BinaryPrimitives.ReadUInt64LittleEndian(frameHeader[4..]);
        if (length > MaxFrameLength)
        {
            return false;
        }

        // The caller owns the returned frame buffer (file reading is not on the packet hot path).
        var data = new byte[length];
        if (_stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length)
        {
            return false;
        }

        frame = new IvfFrame(timestamp, data);
        return true;
    }

    /// <summary>Reads every remaining frame.</summary>
    public IReadOnlyList<IvfFrame> ReadAllFrames()
    {
        var frames = new List<IvfFrame>();
        while (TryReadFrame(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
