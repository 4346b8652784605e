namespace Parley.Rtp.Rtcp;

/// <summary>
/// One packet's entry in transport-wide CC feedback. <see cref="DeltaTicks"/> is in 250 µs units, relative to
/// the previous received packet (or, for the first, to the reference time).
/// </summary>
public readonly record struct TransportFeedbackPacket(ushort SequenceNumber, TransportFeedbackStatus Status, int DeltaTicks)
{
    /// <summary>Receive-delta resolution.</summary>
    public static readonly TimeSpan TickDuration = TimeSpan.FromMicroseconds(250);

    public bool IsReceived => Status != TransportFeedbackStatus.NotReceived;

    public TimeSpan Delta => TickDuration * DeltaTicks;

    /// <summary>A received packet; picks the small (1-byte) or large (2-byte) delta encoding.</summary>
    public static TransportFeedbackPacket Received(ushort sequenceNumber, int deltaTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(deltaTicks, short.MinValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deltaTicks, short.MaxValue);
        return new TransportFeedbackPacket(
            sequenceNumber,
            deltaTicks is >= 0 and <= byte.MaxValue ? TransportFeedbackStatus.ReceivedSmallDelta : TransportFeedbackStatus.ReceivedLargeDelta,
            deltaTicks);
    }

    public static TransportFeedbackPacket Lost(ushort sequenceNumber) => new(sequenceNumber, TransportFeedbackStatus.NotReceived, 0);
}
