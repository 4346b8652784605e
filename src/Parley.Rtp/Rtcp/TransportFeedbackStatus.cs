namespace Parley.Rtp.Rtcp;

/// <summary>Packet status symbols of transport-wide CC feedback (the 2-bit values; 3 is reserved).</summary>
public enum TransportFeedbackStatus : byte
{
    NotReceived = 0,

    /// <summary>Received; its receive delta is one unsigned byte (0–63.75 ms).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>Received; its receive delta is a signed 16-bit value (negative or ≥ 64 ms).</summary>
    ReceivedLargeDelta = 2,
}
