namespace Parley.Client;

/// <summary>A room message from another member (<c>roomMessage</c>, docs/protocol.md §10.8).</summary>
public sealed class RoomMessageEventArgs(long roomId, string from, int cmdId, long seq, string data) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string From { get; } = from;
    /// <summary>The vendor's custom command id (1-10).</summary>
    public int CmdId { get; } = cmdId;
    /// <summary>The sender's message number in this room, from 1.</summary>
    public long Seq { get; } = seq;
    public string Data { get; } = data;
}
