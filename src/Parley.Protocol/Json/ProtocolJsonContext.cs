using System.Text.Json.Serialization;
using Parley.Protocol.Chat;
using Parley.Protocol.Messages;
using Parley.Protocol.Roles;

namespace Parley.Protocol.Json;

/// <summary>
/// Source-generated System.Text.Json metadata for every wire type: camelCase names, nulls omitted.
/// Server and C# SDK both serialize through this context so the wire format has one definition.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(LoginParams))]
[JsonSerializable(typeof(LoginResult))]
[JsonSerializable(typeof(IceServer))]
[JsonSerializable(typeof(ResumeParams))]
[JsonSerializable(typeof(RenewUserSigParams))]
[JsonSerializable(typeof(RenewUserSigResult))]
[JsonSerializable(typeof(PingResult))]
[JsonSerializable(typeof(JoinRoomParams))]
[JsonSerializable(typeof(JoinRoomResult))]
[JsonSerializable(typeof(ExitRoomResult))]
[JsonSerializable(typeof(ChangeRoleParams))]
[JsonSerializable(typeof(ChangeRoleResult))]
[JsonSerializable(typeof(ListMembersResult))]
[JsonSerializable(typeof(MemberEnteredEvent))]
[JsonSerializable(typeof(MemberExitedEvent))]
[JsonSerializable(typeof(RoleChangedEvent))]
[JsonSerializable(typeof(ForceOfflineEvent))]
[JsonSerializable(typeof(UserSigExpiredEvent))]
[JsonSerializable(typeof(ServerShuttingDownEvent))]
[JsonSerializable(typeof(MediaResetEvent))]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(Producer))]
[JsonSerializable(typeof(KickedOutEvent))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(MessageRecalledEvent))]
[JsonSerializable(typeof(GroupSystemNotification))]
[JsonSerializable(typeof(SendMessageParams))]
[JsonSerializable(typeof(SendMessageResult))]
[JsonSerializable(typeof(GroupParams))]
[JsonSerializable(typeof(JoinGroupResult))]
[JsonSerializable(typeof(CreateGroupParams))]
[JsonSerializable(typeof(CreateGroupResult))]
[JsonSerializable(typeof(GroupInfo))]
[JsonSerializable(typeof(GroupListResult))]
[JsonSerializable(typeof(GroupMemberInfo))]
[JsonSerializable(typeof(GroupMembersResult))]
[JsonSerializable(typeof(HandleJoinRequestParams))]
[JsonSerializable(typeof(ManageGroupMemberParams))]
[JsonSerializable(typeof(ModifyGroupProfileParams))]
[JsonSerializable(typeof(ConversationParams))]
[JsonSerializable(typeof(MessagesResult))]
[JsonSerializable(typeof(SyncParams))]
[JsonSerializable(typeof(SyncResult))]
[JsonSerializable(typeof(Conversation))]
[JsonSerializable(typeof(ConversationsResult))]
[JsonSerializable(typeof(WatchGroupParams))]
[JsonSerializable(typeof(UploadedFile))]
[JsonSerializable(typeof(WatchGroupResult))]
[JsonSerializable(typeof(TrackPublishedEvent))]
[JsonSerializable(typeof(TrackUnpublishedEvent))]
[JsonSerializable(typeof(TrackMutedEvent))]
[JsonSerializable(typeof(TrackAdminMutedEvent))]
[JsonSerializable(typeof(UserAvailableEvent))]
[JsonSerializable(typeof(RoomMessageEvent))]
[JsonSerializable(typeof(SendRoomMessageParams))]
[JsonSerializable(typeof(SendRoomMessageResult))]
[JsonSerializable(typeof(RoleDefinition))]
[JsonSerializable(typeof(RoleSet))]
[JsonSerializable(typeof(List<RoleDefinition>))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
