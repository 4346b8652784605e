using Parley.Signaling.Groups;

namespace Parley.Signaling.Callbacks;

/// <summary>
/// A group event (301–305). <paramref name="Operator"/> is who did it ("" for the app's backend);
/// <paramref name="Members"/> the members it is about (created: everyone at creation; destroyed: everyone at the end;
/// joined / left: those who joined or left); <paramref name="Detail"/> the vendor's <c>JoinType</c> (Apply, Invited) or
/// <c>ExitType</c> (Quit, Kicked); <paramref name="Message"/> the stored message of 305.
/// </summary>
public sealed record GroupAppEvent(
    long SdkAppId,
    int EventType,
    long EventMsTs,
    string GroupId,
    GroupType GroupType,
    string Operator,
    IReadOnlyList<string> Members,
    string? Owner = null,
    string? Name = null,
    string? Detail = null,
    GroupMessageRecord? Message = null) : AppEvent(SdkAppId, EventType, EventMsTs);
