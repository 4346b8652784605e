using System.Text.Json;

namespace Parley.Protocol.Messages;

/// <summary>
/// <c>groupMessage</c> (docs/protocol.md §14): one message of a group the session's user belongs to. <paramref name="MsgBody"/>
/// is the message's element array in the vendor's format (<c>[{"MsgType":"TIMTextElem","MsgContent":{"Text":…}}]</c>,
/// product-rules §6), unchanged, so the same elements serve the REST API and the clients. Times are Unix seconds.
/// </summary>
public sealed record GroupMessageEvent(string GroupId, long MsgSeq, uint MsgRandom, long MsgTime, string From, JsonElement MsgBody);
