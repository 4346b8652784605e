namespace Parley.Protocol.Messages;

/// <summary>Params of the <c>forceOffline</c> notification: the same identifier logged in on <paramref name="Platform"/>.</summary>
public sealed record ForceOfflineEvent(string Reason, string Platform);
