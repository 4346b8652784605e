namespace Parley.Server.RestApi;

/// <summary>
/// Every command of the vendor-compatible REST API with a one-line summary (docs/rest-api.md has the bodies): each is
/// mapped as its own route so the OpenAPI document lists it.
/// </summary>
internal static class RestApiCommands
{
    public static readonly IReadOnlyList<(string Service, string Command, string Summary)> All =
    [
        ("im_open_login_svc", "account_import", "Import one account {UserID, Nick?, FaceUrl?}"),
        ("im_open_login_svc", "multiaccount_import", "Import up to 100 accounts {Accounts: [UserID]}"),
        ("im_open_login_svc", "account_delete", "Delete accounts {DeleteItem: [{UserID}]}"),
        ("im_open_login_svc", "account_check", "Which accounts are imported {CheckItem: [{UserID}]}"),
        ("im_open_login_svc", "kick", "End a user's live session {UserID}"),
        ("openim", "querystate", "Online state of users {To_Account: [UserID], IsNeedDetail?}"),
        ("openim", "query_online_status", "Same as querystate"),
        ("openim", "sendmsg", "Send a one-to-one message {From_Account?, To_Account, MsgRandom, MsgBody, SyncOtherMachine?} → {MsgTime, MsgKey}"),
        ("openim", "admin_getroammsg", "History between two users {Operator_Account, Peer_Account, MaxCnt, MinTime, MaxTime, LastMsgKey?}"),
        ("openim", "admin_msgwithdraw", "Recall a one-to-one message {From_Account, To_Account, MsgKey}"),
        ("group_open_http_svc", "create_group", "Create a group {Type, Name, Owner_Account?, GroupId?, …, MemberList?} → {GroupId}"),
        ("group_open_http_svc", "get_group_info", "Groups' profiles and members {GroupIdList}"),
        ("group_open_http_svc", "get_group_member_info", "A group's members, paged {GroupId, Limit?, Offset?}"),
        ("group_open_http_svc", "add_group_member", "Add members {GroupId, MemberList: [{Member_Account}]}"),
        ("group_open_http_svc", "delete_group_member", "Remove members {GroupId, MemberToDel_Account}"),
        ("group_open_http_svc", "destroy_group", "Dismiss a group {GroupId}"),
        ("group_open_http_svc", "get_joined_group_list", "A user's groups {Member_Account, Limit?, Offset?}"),
        ("group_open_http_svc", "send_group_msg", "Send to a group {GroupId, From_Account?, Random, MsgPriority?, MsgBody} → {MsgSeq, MsgTime}"),
        ("group_open_http_svc", "group_msg_get_simple", "A group's history, newest first {GroupId, ReqMsgNumber, ReqMsgSeq?}"),
        ("group_open_http_svc", "modify_group_base_info", "Change a group's profile {GroupId, Name?, …, ShutUpAllMember?, AppDefinedData?}"),
        ("group_open_http_svc", "modify_group_member_info", "Change a member's role, mute or name card {GroupId, Member_Account, Role?, ShutUpTime?, NameCard?}"),
        ("group_open_http_svc", "change_group_owner", "Transfer the ownership {GroupId, NewOwner_Account}"),
        ("group_open_http_svc", "forbid_send_msg", "Mute members {GroupId, Members_Account, ShutUpTime}"),
        ("group_open_http_svc", "get_group_shutted_uin", "Members muted now {GroupId}"),
        ("group_open_http_svc", "send_group_system_notification", "A custom system notification {GroupId, ToMembers_Account?, Content}"),
        ("group_open_http_svc", "group_msg_recall", "Recall group messages {GroupId, MsgSeqList: [{MsgSeq}]}"),
        ("group_open_http_svc", "get_appid_group_list", "The app's groups, paged {Limit?, Next?, GroupType?}"),
        ("group_open_http_svc", "get_online_member_num", "Members online plus guests {GroupId} → {OnlineMemberNum}"),
    ];
}
