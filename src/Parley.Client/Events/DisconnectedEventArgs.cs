namespace Parley.Client;

/// <summary>
/// The socket closed. <see cref="CloseCode"/> is the WebSocket close code (1000, 1001, 4001 forceOffline,
/// 4002 userSig expired, 4003 heartbeat timeout, …) or null when the connection broke without a close frame.
/// <see cref="WillReconnect"/> says whether the client now reconnects by itself.
/// </summary>
public sealed class DisconnectedEventArgs(int? closeCode, string reason, bool willReconnect) : EventArgs
{
    public int? CloseCode { get; } = closeCode;
    public string Reason { get; } = reason;
    public bool WillReconnect { get; } = willReconnect;
}
