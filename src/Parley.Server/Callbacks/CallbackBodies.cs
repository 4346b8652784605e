using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Callbacks;

namespace Parley.Server.Callbacks;

/// <summary>
/// The JSON bodies of the callbacks (docs/callbacks.md §2–§4): room and media events in the vendor's room-callback
/// shape of product-rules §8, group and C2C events and the before-send questions in the vendor's IM-callback shape
/// (<c>CallbackCommand</c>, <c>*_Account</c> fields, <c>MsgBody</c> element arrays). Field order is fixed, so a
/// body is the same bytes wherever it is built.
/// </summary>
public static class CallbackBodies
{
    public const string GroupBeforeSendCommand = "Group.CallbackBeforeSendMsg";
    public const string C2CBeforeSendCommand = "C2C.CallbackBeforeSendMsg";

    /// <summary>The vendor's IM <c>CallbackCommand</c> of an event number, or null for room and media events.</summary>
    public static string? CommandOf(int eventType) => eventType switch
    {
        AppEventTypes.GroupCreated => "Group.CallbackAfterCreateGroup",
        AppEventTypes.GroupDestroyed => "Group.CallbackAfterGroupDestroyed",
        AppEventTypes.GroupMemberJoined => "Group.CallbackAfterNewMemberJoin",
        AppEventTypes.GroupMemberLeft => "Group.CallbackAfterMemberExit",
        AppEventTypes.GroupMessageSent => "Group.CallbackAfterSendMsg",
        AppEventTypes.C2CMessageSent => "C2C.CallbackAfterSendMsg",
        _ => null,
    };

    /// <summary>
    /// The vendor-style number of a <c>memberExited</c> reason in 104's <c>Reason</c>: 1 left normally (exit, switch,
    /// logout), 2 the connection was lost (heartbeat timeout, socket closed, server stopping), 3 removed by the server
    /// (kicked or removed by an operator, room dismissed, logged in elsewhere, userSig expired); 0 for a reason this
    /// build does not know.
    /// <c>ReasonName</c> carries Parley's own name beside it.
    /// </summary>
    public static int ExitReasonCode(string? reason) => reason switch
    {
        ExitReasons.Exit or ExitReasons.SwitchRoom or ExitReasons.Logout => 1,
        ExitReasons.Disconnected or ExitReasons.ServerShutdown => 2,
        ExitReasons.Kicked or ExitReasons.Dismissed or ExitReasons.ForceOffline or ExitReasons.UserSigExpired => 3,
        _ => 0,
    };

    /// <summary>The body of an event; <paramref name="callbackTs"/> (Unix ms) is when it entered the outbox.</summary>
    public static string ForEvent(AppEvent appEvent, long callbackTs) => Write(writer =>
    {
        switch (appEvent)
        {
            case RoomAppEvent room:
                WriteRoom(writer, room, callbackTs);
                break;
            case GroupAppEvent group:
                WriteGroup(writer, group);
                break;
            case C2CAppEvent c2c:
                WriteC2C(writer, c2c);
                break;
            default:
                throw new ArgumentException($"No callback body for {appEvent.GetType().Name}.", nameof(appEvent));
        }
    });

    /// <summary>The before-send question about <paramref name="message"/> (<c>Group.</c> or <c>C2C.CallbackBeforeSendMsg</c>).</summary>
    public static string ForBeforeSend(BeforeSendMessage message, long nowMs) => Write(writer =>
    {
        writer.WriteStartObject();
        if (message.GroupId is { } groupId)
        {
            writer.WriteString("CallbackCommand", GroupBeforeSendCommand);
            writer.WriteString("GroupId", groupId);
            writer.WriteString("Type", message.GroupType ?? "");
            writer.WriteString("From_Account", message.From);
            writer.WriteString("Operator_Account", message.From);
            writer.WriteNumber("Random", message.MsgRandom);
            writer.WriteString("MsgPriority", message.Priority ?? "Normal");
        }
        else
        {
            writer.WriteString("CallbackCommand", C2CBeforeSendCommand);
            writer.WriteString("From_Account", message.From);
            writer.WriteString("To_Account", message.To ?? "");
            writer.WriteNumber("MsgRandom", message.MsgRandom);
            writer.WriteNumber("MsgTime", nowMs / 1000);
        }

        writer.WriteNumber("OnlineOnlyFlag", 0);
        writer.WritePropertyName("MsgBody");
        writer.WriteRawValue(message.MsgBody);
        writer.WriteNumber("EventTime", nowMs);
        writer.WriteEndObject();
    });

    private static void WriteRoom(Utf8JsonWriter writer, RoomAppEvent e, long callbackTs)
    {
        writer.WriteStartObject();
        writer.WriteNumber("EventGroupId", AppEventTypes.GroupOf(e.EventType));
        writer.WriteNumber("EventType", e.EventType);
        writer.WriteNumber("CallbackTs", callbackTs);
        writer.WriteStartObject("EventInfo");
        writer.WriteNumber("RoomId", e.RoomId);
        writer.WriteNumber("EventTs", e.EventMsTs / 1000);
        writer.WriteNumber("EventMsTs", e.EventMsTs);
        if (e.UserId is not null)
        {
            writer.WriteString("UserId", e.UserId);
        }

        if (e.Role is not null)
        {
            writer.WriteString("Role", e.Role);
        }

        if (e.EventType == AppEventTypes.UserEntered)
        {
            writer.WriteNumber("Reason", 1);
        }
        else if (e.EventType == AppEventTypes.UserExited)
        {
            writer.WriteNumber("Reason", ExitReasonCode(e.ExitReason));
            writer.WriteString("ReasonName", e.ExitReason ?? "");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter writer, GroupAppEvent e)
    {
        writer.WriteStartObject();
        writer.WriteString("CallbackCommand", CommandOf(e.EventType));
        writer.WriteString("GroupId", e.GroupId);
        writer.WriteString("Type", e.GroupType.ToString());
        switch (e.EventType)
        {
            case AppEventTypes.GroupCreated:
            case AppEventTypes.GroupDestroyed:
                writer.WriteString("Operator_Account", e.Operator);
                writer.WriteString("Owner_Account", e.Owner ?? "");
                writer.WriteString("Name", e.Name ?? "");
                WriteMembers(writer, "MemberList", e.Members);
                break;
            case AppEventTypes.GroupMemberJoined:
                writer.WriteString("JoinType", e.Detail ?? "");
                writer.WriteString("Operator_Account", e.Operator);
                WriteMembers(writer, "NewMemberList", e.Members);
                break;
            case AppEventTypes.GroupMemberLeft:
                writer.WriteString("ExitType", e.Detail ?? "");
                writer.WriteString("Operator_Account", e.Operator);
                WriteMembers(writer, "ExitMemberList", e.Members);
                break;
            case AppEventTypes.GroupMessageSent when e.Message is { } m:
                writer.WriteString("From_Account", m.From);
                writer.WriteString("Operator_Account", e.Operator);
                writer.WriteNumber("Random", m.MsgRandom);
                writer.WriteNumber("MsgSeq", m.MsgSeq);
                writer.WriteNumber("MsgTime", m.MsgTime);
                writer.WriteString("MsgPriority", m.Priority);
                writer.WriteNumber("OnlineOnlyFlag", 0);
                writer.WritePropertyName("MsgBody");
                writer.WriteRawValue(m.MsgBody);
                break;
        }

        writer.WriteNumber("EventTime", e.EventMsTs);
        writer.WriteEndObject();
    }

    private static void WriteC2C(Utf8JsonWriter writer, C2CAppEvent e)
    {
        var m = e.Message;
        writer.WriteStartObject();
        writer.WriteString("CallbackCommand", CommandOf(AppEventTypes.C2CMessageSent));
        writer.WriteString("From_Account", m.From);
        writer.WriteString("To_Account", m.To);
        writer.WriteNumber("MsgSeq", m.Id);
        writer.WriteNumber("MsgRandom", m.MsgRandom);
        writer.WriteNumber("MsgTime", m.MsgTime);
        writer.WriteString("MsgKey", string.Create(CultureInfo.InvariantCulture, $"{m.Id}_{m.MsgRandom}_{m.MsgTime}"));
        writer.WriteNumber("OnlineOnlyFlag", 0);
        writer.WritePropertyName("MsgBody");
        writer.WriteRawValue(m.MsgBody);
        writer.WriteNumber("SendMsgResult", 0);
        writer.WriteString("ErrorInfo", "");
        writer.WriteNumber("EventTime", e.EventMsTs);
        writer.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter writer, string name, IReadOnlyList<string> members)
    {
        writer.WriteStartArray(name);
        foreach (var member in members)
        {
            writer.WriteStartObject();
            writer.WriteString("Member_Account", member);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
