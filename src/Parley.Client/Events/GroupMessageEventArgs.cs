using System.Text.Json;

namespace Parley.Client;

/// <summary>
/// A message of a group this user belongs to (<c>groupMessage</c>, docs/protocol.md §14). <see cref="MsgBody"/> is the
/// element array in the vendor's format (<c>[{"MsgType":"TIMTextElem","MsgContent":{"Text":…}}]</c>); times are Unix seconds.
/// </summary>
public sealed class GroupMessageEventArgs(string groupId, long msgSeq, uint msgRandom, long msgTime, string from, JsonElement msgBody) : EventArgs
{
    public string GroupId { get; } = groupId;

    /// <summary>The group's sequence number of the message (from 1).</summary>
    public long MsgSeq { get; } = msgSeq;

    public uint MsgRandom { get; } = msgRandom;

    public DateTimeOffset MsgTime { get; } = DateTimeOffset.FromUnixTimeSeconds(msgTime);

    /// <summary>The sender; empty for a message the app's backend sent without one.</summary>
    public string From { get; } = from;

    public JsonElement MsgBody { get; } = msgBody;

    private const string TextField = "Text";

    /// <summary>The text of the message's <c>TIMTextElem</c> elements, joined; empty when it has none.</summary>
    public string Text => MsgBody.ValueKind != JsonValueKind.Array ? "" : string.Concat(MsgBody.EnumerateArray()
        .Where(e => e.TryGetProperty("MsgType", out var t) && t.GetString() == "TIMTextElem" && e.TryGetProperty("MsgContent", out _))
        .Select(e => e.GetProperty("MsgContent").TryGetProperty(TextField, out var text) ? text.GetString() : ""));
}
