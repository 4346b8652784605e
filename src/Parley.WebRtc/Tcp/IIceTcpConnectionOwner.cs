namespace Parley.WebRtc.Tcp;

/// <summary>What an <see cref="IceTcpConnection"/> reports to the listener that accepted it. Calls come from the connection's receive task or senders.</summary>
internal interface IIceTcpConnectionOwner
{
    /// <summary>One packet (a frame's payload); <paramref name="frame"/> is the connection's buffer, valid during the call, and may be decrypted in place.</summary>
    void OnFrame(Span<byte> frame, IceTcpConnection connection);

    /// <summary>Handling a frame threw; the connection carries on with the next one.</summary>
    void OnFrameFailed(Exception exception);

    /// <summary><paramref name="count"/> frames longer than the largest packet were skipped.</summary>
    void OnOversizedFrames(long count);

    /// <summary>An outgoing packet was dropped because the connection's backlog was full.</summary>
    void OnBacklogDrop();

    /// <summary>The connection closed (called once).</summary>
    void OnClosed(IceTcpConnection connection);
}
