namespace Parley.Protocol.Messages;

/// <summary>
/// Params of <c>sendRoomMessage</c> (docs/protocol.md §10.8): at most 1,024 bytes of UTF-8 <paramref name="Data"/>,
/// the vendor's <paramref name="CmdId"/> (1-10, default 1), and optionally the identifiers to deliver to.
/// </summary>
public sealed record SendRoomMessageParams(string Data, int? CmdId = null, IReadOnlyList<string>? To = null);
