using Parley.Protocol.Messages;

namespace Parley.Client;

/// <summary>Someone entered the room this client is in (<c>memberEntered</c>).</summary>
public sealed class MemberEnteredEventArgs(long roomId, Member member) : EventArgs
{
    public long RoomId { get; } = roomId;
    public Member Member { get; } = member;
}
