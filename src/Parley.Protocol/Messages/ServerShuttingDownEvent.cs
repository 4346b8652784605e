namespace Parley.Protocol.Messages;

/// <summary>Params of the <c>serverShuttingDown</c> notification; the socket closes with 1001 afterwards.</summary>
public sealed record ServerShuttingDownEvent(string Reason);
