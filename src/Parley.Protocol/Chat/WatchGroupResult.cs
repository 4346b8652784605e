namespace Parley.Protocol.Chat;

/// <summary>Result of <c>watchGroup</c>: the group and its name; from now on its messages arrive as <c>messageReceived</c>.</summary>
public sealed record WatchGroupResult(string GroupId, string Name);
