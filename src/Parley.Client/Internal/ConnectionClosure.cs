namespace Parley.Client.Internal;

/// <summary>How a connection ended: the close code (null when it broke without a close frame) and why.</summary>
internal sealed record ConnectionClosure(int? CloseCode, string Reason, bool ClosedByClient);
