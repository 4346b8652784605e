namespace Parley.WebRtc.Io;

/// <summary>
/// Whom a datagram is charged to when the kernel refuses it after it joined a <see cref="SendBatch"/> (the send
/// already returned true, so the failure can only be counted later). A transport's counters implement it.
/// </summary>
internal interface ISendFailureCounter
{
    void CountSendFailure();
}
