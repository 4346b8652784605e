namespace Parley.Protocol.Chat;

/// <summary>Result of <c>sendMessage</c>: the stored message's seq (group) or id (C2C), and the server time in Unix seconds.</summary>
public sealed record SendMessageResult(long MsgSeq, long MsgTime);
