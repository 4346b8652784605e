using System.Text.Json;

namespace Parley.Protocol.Chat;

/// <summary>
/// Params of <c>sendMessage</c>: to a group (<paramref name="GroupId"/>) or a user (<paramref name="To"/>), exactly one of
/// them; <paramref name="MsgRandom"/> makes a retry of the same message a duplicate (5 minutes); <paramref name="MsgBody"/>
/// the vendor's element array; <paramref name="Priority"/> High, Normal (default), Low or Lowest (AVChatRoom drops the
/// lowest first when over the rate).
/// </summary>
public sealed record SendMessageParams(uint MsgRandom, JsonElement MsgBody, string? GroupId = null, string? To = null, string? Priority = null);
