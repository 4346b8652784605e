namespace Parley.WebRtc.Client;

/// <summary>
/// While alive, <see cref="WebRtcClientConnection.SendRtp"/>/<see cref="WebRtcClientConnection.SendRtcp"/> calls on
/// the thread that began it are gathered and leave with one sendmmsg when it is disposed (a video frame's packets,
/// say). Returned by <see cref="WebRtcClientConnection.BeginSendBatch"/>; use it with <c>using</c>, on one thread.
/// Without batched I/O (not Linux, or turned off) it does nothing and every send goes out at once.
/// </summary>
public ref struct SendBatchScope
{
    private WebRtcClientConnection? _connection;

    internal SendBatchScope(WebRtcClientConnection connection) => _connection = connection;

    /// <summary>Sends what was gathered and ends the batch.</summary>
    public void Dispose()
    {
        _connection?.EndSendBatch();
        _connection = null;
    }
}
