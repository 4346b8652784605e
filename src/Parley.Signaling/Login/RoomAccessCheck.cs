using Parley.Auth;

namespace Parley.Signaling.Login;

/// <summary>
/// Outcome of checking a join against the PrivateMapKey rules (docs/protocol.md §12): 0 and the privileges in force
/// for the stay, or -100006 and a sentence naming the failed check.
/// </summary>
internal readonly record struct RoomAccessCheck(int ErrorCode, string ErrorMessage, RoomPrivileges Privileges)
{
    public bool IsAllowed => ErrorCode == 0;
}
