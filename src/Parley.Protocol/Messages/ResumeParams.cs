namespace Parley.Protocol.Messages;

/// <summary>
/// Params of <c>resume</c> (docs/protocol.md §13): the suspended session's id and the token its last
/// <see cref="LoginResult"/> carried. Sent as the first request of a new connection, instead of <c>login</c>.
/// </summary>
public sealed record ResumeParams(string SessionId, string ResumeToken);
