using Parley.Protocol.Chat;

namespace Parley.Client;

/// <summary>Messages of a conversation were recalled (<c>messageRecalled</c>, docs/protocol.md §14).</summary>
public sealed class MessageRecalledEventArgs(MessageRecalledEvent recall) : EventArgs
{
    public MessageRecalledEvent Recall { get; } = recall;
}
