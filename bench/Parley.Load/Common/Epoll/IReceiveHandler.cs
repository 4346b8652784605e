namespace Parley.Load.Common.Epoll;

/// <summary>What an <see cref="EpollReceiver"/> hands a connection's bytes to, on its receive thread.</summary>
public interface IReceiveHandler
{
    /// <summary>Bytes just read; valid only during the call (the receiver's buffer): keep what you need by copying it.</summary>
    void OnReceived(ReadOnlySpan<byte> data);

    /// <summary>The peer closed the connection (<paramref name="error"/> null) or reading failed; no more calls follow.</summary>
    void OnClosed(Exception? error);
}
