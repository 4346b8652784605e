using System.Buffers;

namespace Parley.Media.Files.Rtp;

/// <summary>
/// One RTP packet on its way to a recorder: the header fields that matter and a copy of the payload in a buffer rented
/// from <see cref="ArrayPool{T}.Shared"/>. Whoever holds the packet last returns the buffer, once
/// (<see cref="Return"/>): the receive path that copies it hands it on, the recorder returns it after use.
/// </summary>
/// <param name="Arrival">When it arrived, on the recording's timeline (time since the recording started).</param>
public readonly record struct RecordedPacket(ushort SequenceNumber, uint Timestamp, bool Marker, TimeSpan Arrival, byte[] Buffer, int Length)
{
    public ReadOnlySpan<byte> Payload => Buffer.AsSpan(0, Length);

    /// <summary>A packet whose payload is copied into a rented buffer.</summary>
    public static RecordedPacket Copy(ushort sequenceNumber, uint timestamp, bool marker, TimeSpan arrival, ReadOnlySpan<byte> payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, payload.Length));
        payload.CopyTo(buffer);
        return new RecordedPacket(sequenceNumber, timestamp, marker, arrival, buffer, payload.Length);
    }

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
