namespace Parley.Protocol.Messages;

/// <summary>Result of <c>ping</c>: server clock, Unix milliseconds.</summary>
public sealed record PingResult(long ServerTime);
