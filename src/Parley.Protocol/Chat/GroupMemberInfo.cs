namespace Parley.Protocol.Chat;

/// <summary>A member of a group: role (Owner, Admin, Member), join time and muted-until (Unix seconds, 0 = not muted).</summary>
public sealed record GroupMemberInfo(string Identifier, string Role, long JoinTime, long ShutUpUntil, string? NameCard);
