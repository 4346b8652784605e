namespace Parley.Auth;

/// <summary>
/// The outcome of <see cref="PrivateMapKeyVerifier.Verify"/>: valid with the ticket, or a refusal with an English
/// sentence naming the check that failed (signaling sends it with the vendor's privilege-check code).
/// </summary>
public sealed record PrivateMapKeyVerification(bool IsValid, string Message, PrivateMapKey? Key)
{
    /// <summary>The ticket's privilege bits; <see cref="RoomPrivileges.None"/> when not valid.</summary>
    public RoomPrivileges Privileges => IsValid && Key is not null ? Key.Privileges : RoomPrivileges.None;

    internal static PrivateMapKeyVerification Refused(string message) => new(false, message, null);
}
